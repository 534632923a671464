"""Observatory demo content: topics, members, three analyses, the 2026 report, testimonies.

Texts are data files under `observatory/demo_data/` (see `core/frontmatter.py`): records as YAML,
pages as one content file per language (`index`, `analyses/NN-slug`, `rapport-2026`).
"""

import datetime as dt
import secrets
from pathlib import Path

from django.contrib.auth.models import Group

from accounts.demo import demo_email
from accounts.models import User
from accounts.services import user_create_with_verified_email
from core.frontmatter import Document, data_load, entries_ordered, translations_load
from core.wagtail_seed import add_child, add_translation, site_home
from observatory.models import (
    AnalysisPage,
    AnnualReportPage,
    Authorship,
    CifreProgressReport,
    CifreProject,
    Correction,
    Dataset,
    ObservatoryIndexPage,
    Recommendation,
    RecommendationFollowUp,
    Researcher,
    Testimony,
    TestimonyStatus,
    Topic,
)
from observatory.research_services import dataset_release_publish
from observatory.services import BOARD_GROUP, REVIEWERS_GROUP

CONTENT = Path(__file__).resolve().parent / "demo_data"


def _user(local: str) -> User | None:
    return User.objects.filter(email=demo_email(local)).first()


def _seed_people(stdout) -> None:
    for topic in data_load(path=CONTENT / "topics.yaml"):
        Topic.objects.update_or_create(
            slug=topic["slug"],
            defaults={
                "name": topic["name"],
                "name_en": topic["name_en"],
                "parent": Topic.objects.get(slug=topic["parent"]) if topic["parent"] else None,
            },
        )
    for data in data_load(path=CONTENT / "researchers.yaml"):
        account = data.pop("account", None)
        user = _user(account) if account else None
        if (
            user is not None
            and Researcher.objects.filter(user=user).exclude(slug=data["slug"]).exists()
        ):
            user = None
        Researcher.objects.update_or_create(slug=data["slug"], defaults={**data, "user": user})

    reviewers = Group.objects.get_or_create(name=REVIEWERS_GROUP)[0]
    board = Group.objects.get_or_create(name=BOARD_GROUP)[0]
    supervisor = _user("supervisor")
    if supervisor:
        supervisor.groups.add(reviewers)
    member = _user("board")
    if member is None:
        password = secrets.token_urlsafe(9)
        member = user_create_with_verified_email(
            email=demo_email("board"),
            password=password,
            display_name="Comité éditorial de l'observatoire",
        )
        stdout.write(f"  {demo_email('board'):45} {password}  (observatory editorial board)")
    member.groups.add(board)
    elected = _user("elected")
    if elected:
        elected.groups.add(board)


def _seed_testimonies() -> list[Testimony]:
    existing = list(Testimony.objects.filter(author__email__endswith="@demo.ia-commune.localhost"))
    if existing:
        return existing
    testimonies = data_load(path=CONTENT / "testimonies.yaml")
    moderator = _user("moderator")
    out = []
    for i, testimony in enumerate(testimonies["published"]):
        out.append(
            Testimony.objects.create(
                author=_user(testimony["author"]),
                text=testimony["text"],
                consent=True,
                anonymous=testimony["anonymous"],
                status=TestimonyStatus.PUBLISHED,
                moderated_by=moderator,
                moderated_at=dt.datetime(2026, 5, 2 + i, 10, tzinfo=dt.UTC),
                submitted_at=dt.datetime(2026, 4, 20 + i, 18, tzinfo=dt.UTC),
            )
        )
    for testimony in testimonies["pending"]:
        Testimony.objects.create(
            author=_user(testimony["author"]),
            text=testimony["text"],
            consent=True,
            anonymous=testimony["anonymous"],
        )
    return out


def _body(text: Document, testimony: Testimony | None) -> list[dict]:
    """Analysis blocks: the file's chart, quote and indicator values are the blocks' own."""
    references = data_load(path=CONTENT / "references.yaml")

    def block(kind: str):
        return lambda value: {"type": kind, "value": value}

    def testimony_block(_value) -> dict | None:
        return None if testimony is None else block("testimony")({"testimony": testimony.pk})

    def footnotes(notes: list[str]) -> dict:
        return block("footnotes")({"notes": [f"<p>{note}</p>" for note in notes]})

    def references_block(keys: list[str]) -> dict:
        return block("references")({"references": [references[key] for key in keys]})

    return text.stream(
        {
            "heading": block("heading"),
            "html": block("paragraph"),
            "chart": block("chart"),
            "indicator": block("indicator"),
            "quote": block("quote"),
            "testimony": testimony_block,
            "footnotes": footnotes,
            "references": references_block,
        }
    )


def _analysis_fields(text: Document, testimony: Testimony | None) -> dict:
    return {**text.fields("title", "lead", "summary"), "body": _body(text, testimony)}


def _corrections(texts: dict[str, Document], language: str) -> list[Correction]:
    if "correction" not in texts[language].meta:
        return []
    revised = texts["fr"].meta["last_revised"]
    return [Correction(corrected_on=revised, text=texts[language].meta["correction"])]


def _seed_analysis(index, slug: str, texts: dict[str, Document], testimony) -> None:
    source = texts["fr"].meta
    existing = index.get_children().filter(slug=slug).first()
    if existing is None:
        page = AnalysisPage(
            slug=slug,
            publication_date=source["publication_date"],
            last_revised=source.get("last_revised"),
            authorships=[
                Authorship(
                    researcher=Researcher.objects.get(slug=author["researcher"]),
                    role=author["role"],
                    sort_order=i,
                )
                for i, author in enumerate(source["authors"])
            ],
            corrections=_corrections(texts, "fr"),
            **_analysis_fields(texts["fr"], testimony),
        )
        page.topics = list(Topic.objects.filter(slug__in=source["topics"]))
        page.tags.add(*source["tags"])
        page = add_child(index, page)
    else:
        page = existing.specific
    extra = {}
    if "correction" in texts["en"].meta:
        extra["corrections"] = _corrections(texts, "en")
    add_translation(page, "en", **_analysis_fields(texts["en"], testimony), **extra)


def _recommendations(text: Document) -> list[Recommendation]:
    keys = ("reference", "title", "addressee", "text", "priority")
    return [
        Recommendation(sort_order=i, **{key: recommendation[key] for key in keys})
        for i, recommendation in enumerate(text.meta["recommendations"])
    ]


def _report_fields(text: Document) -> dict:
    fields = text.fields("title", "lead", "summary", html="executive_summary")
    return {**fields, "recommendations": _recommendations(text)}


def _seed_report(index) -> None:
    texts = translations_load(stem=CONTENT / "rapport-2026")
    source = texts["fr"].meta
    page = add_child(
        index,
        AnnualReportPage(
            slug="rapport-2026",
            report_year=source["report_year"],
            publication_date=source["publication_date"],
            **_report_fields(texts["fr"]),
        ),
    )
    add_translation(page, "en", **_report_fields(texts["en"]))
    if not RecommendationFollowUp.objects.filter(report_key=page.translation_key).exists():
        recorder = _user("elected")
        for recommendation in source["recommendations"]:
            if recommendation["status"] != "awaiting":
                RecommendationFollowUp.objects.create(
                    report_key=page.translation_key,
                    reference=recommendation["reference"],
                    status=recommendation["status"],
                    note=recommendation.get("follow_up_note", ""),
                    recorded_on=dt.date(2026, 11, 15),
                    recorded_by=recorder,
                )


def _seed_research(index) -> None:
    """The research data portal: five datasheets, a first release of each (built from the
    other parts' demo data, seeded before), and the CIFRE project."""
    data = data_load(path=CONTENT / "datasets.yaml")
    for fields in data["datasets"]:
        dataset, _created = Dataset.objects.update_or_create(slug=fields["slug"], defaults=fields)
        dataset.full_clean()
        if not dataset.releases.exists():
            dataset_release_publish(
                dataset=dataset, notes="Première version publiée / first published version."
            )
    for fields in data_load(path=CONTENT / "cifre.yaml"):
        reports = fields.pop("reports")
        slugs = fields.pop("publications")
        fields["doctoral_student"] = Researcher.objects.get(slug=fields["doctoral_student"])
        fields["academic_supervisor_researcher"] = Researcher.objects.filter(
            slug=fields["academic_supervisor_researcher"]
        ).first()
        project, _created = CifreProject.objects.update_or_create(
            slug=fields["slug"], defaults=fields
        )
        project.publications.set(AnalysisPage.objects.child_of(index).filter(slug__in=slugs))
        project.save()
        if not project.progress_reports.exists():
            for i, report in enumerate(reports):
                CifreProgressReport.objects.create(project=project, sort_order=i, **report)


def seed(*, stdout) -> None:
    _seed_people(stdout)
    testimonies = _seed_testimonies()
    home = site_home("fr")
    texts = translations_load(stem=CONTENT / "index")
    fields = {lang: t.fields("title", "lead", html="introduction") for lang, t in texts.items()}
    index = add_child(home, ObservatoryIndexPage(slug="observatory", **fields["fr"]))
    add_translation(index, "en", **fields["en"])
    for entry in entries_ordered(directory=CONTENT / "analyses"):
        texts = translations_load(stem=entry.stem)
        _seed_analysis(index, entry.slug, texts, testimonies[0] if testimonies else None)
    _seed_report(index)
    _seed_research(index)
    stdout.write(
        "Observatory: topics, members, three analyses and the 2026 report (French and English), "
        "testimonies, five research datasets with a first release each, a CIFRE project."
    )
