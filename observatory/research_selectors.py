"""Reads of the research data portal and of CIFRE projects: bounded queries, no N+1."""

from django.db.models import Count, Max, Prefetch, Q

from observatory.models import (
    AccessStatus,
    AnalysisPage,
    CifreProgressReport,
    CifreProject,
    DataAccessRequest,
    Dataset,
    DatasetFile,
    DatasetRelease,
    Researcher,
)


def datasets_catalogue():
    """Every dataset with its latest version number and how many releases it has."""
    return Dataset.objects.annotate(
        latest_version=Max("releases__version"), release_count=Count("releases")
    ).order_by("access", "title")


def dataset_releases(*, dataset: Dataset):
    return dataset.releases.annotate(
        file_count=Count("files"), downloads=Count("files__downloads")
    ).order_by("-version")


def release_get(*, slug: str, version: int) -> DatasetRelease | None:
    return (
        DatasetRelease.objects.select_related("dataset")
        .prefetch_related(Prefetch("files", queryset=DatasetFile.objects.order_by("name")))
        .filter(dataset__slug=slug, version=version)
        .first()
    )


def release_latest(*, dataset: Dataset) -> DatasetRelease | None:
    return (
        dataset.releases.prefetch_related(
            Prefetch("files", queryset=DatasetFile.objects.order_by("name"))
        )
        .order_by("-version")
        .first()
    )


def access_requests_of(*, user):
    return DataAccessRequest.objects.filter(requester=user).select_related("dataset")


def access_requests_for_board(*, status: str = AccessStatus.PENDING):
    qs = DataAccessRequest.objects.select_related("dataset", "requester", "decided_by")
    if status == AccessStatus.PENDING:
        return qs.filter(status=status).order_by("created_at", "pk")
    return qs.exclude(status=AccessStatus.PENDING).order_by("-decided_at", "-pk")


def access_request_get(*, public_id) -> DataAccessRequest | None:
    return (
        DataAccessRequest.objects.select_related("dataset", "requester", "decided_by")
        .annotate(download_count=Count("downloads"))
        .filter(public_id=public_id)
        .first()
    )


def cifre_projects():
    return CifreProject.objects.select_related("doctoral_student").order_by("-started_on", "title")


def cifre_project_get(*, slug: str) -> CifreProject | None:
    return (
        CifreProject.objects.select_related("doctoral_student", "academic_supervisor_researcher")
        .prefetch_related(
            Prefetch(
                "progress_reports",
                queryset=CifreProgressReport.objects.order_by("-reported_on", "-pk"),
            ),
        )
        .filter(slug=slug)
        .first()
    )


def cifre_projects_of(*, researcher: Researcher) -> list[CifreProject]:
    """The CIFRE projects a researcher prepares or supervises (for their page)."""
    return list(
        CifreProject.objects.filter(
            Q(doctoral_student=researcher) | Q(academic_supervisor_researcher=researcher)
        ).order_by("-started_on")
    )


def cifre_publications(*, project: CifreProject, locale=None) -> list:
    """The project's publications, each in `locale` when it has a translation there."""
    linked = list(project.publications.live().public())
    if locale is not None:
        keys = [page.translation_key for page in linked]
        localized = {
            page.translation_key: page
            for page in AnalysisPage.objects.live()
            .public()
            .filter(translation_key__in=keys, locale=locale)
        }
        linked = [localized.get(page.translation_key, page) for page in linked]
    return sorted(linked, key=lambda page: page.publication_date, reverse=True)
