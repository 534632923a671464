"""Builders for the research data portal's tests: datasets, ballots and comments, requests."""

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.roles import Role
from consultation.models import Ballot, Comment
from observatory.models import (
    AccessStatus,
    DataAccessRequest,
    Dataset,
    DatasetAccess,
    DatasetKind,
    Licence,
)
from observatory.research_services import agreement_sha256
from observatory.services import BOARD_GROUP
from tests.consultation.factories import UseCaseFactory
from tests.factories import UserFactory

AGREEMENT = "Convention : pas de réidentification, suppression à la date de fin."


def make_dataset(kind=DatasetKind.BALLOTS_COMMENTS, *, restricted=True, slug=None) -> Dataset:
    return Dataset.objects.create(
        slug=slug or kind.replace("_", "-"),
        kind=kind,
        access=DatasetAccess.RESTRICTED if restricted else DatasetAccess.OPEN,
        licence=Licence.AGREEMENT if restricted else Licence.ETALAB,
        title=f"Jeu {kind}",
        title_en=f"Dataset {kind}",
        description="Ce qu'il contient.",
        collection="Comment il a été collecté.",
        removed="Ce qui a été retiré.",
        agreement=AGREEMENT if restricted else "",
        agreement_en="Agreement: no re-identification." if restricted else "",
    )


def board_member(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=BOARD_GROUP)[0])
    return user


def researcher(**kwargs):
    return UserFactory(roles=[Role.RESEARCHER], **kwargs)


def vote(voter, use_case, grade="good") -> Ballot:
    return Ballot.objects.create(voter=voter, use_case=use_case, grade=grade)


def comment(author, use_case, body="Un avis argumenté.", **kwargs) -> Comment:
    return Comment.objects.create(
        author=author, use_case=use_case, body=body, body_html=f"<p>{body}</p>", **kwargs
    )


def use_case():
    return UseCaseFactory()


def access_request(dataset, requester, *, status=AccessStatus.PENDING, days=30, **kwargs):
    fields = {
        "project": "Thèse sur la participation",
        "institution": "Université Paris Cité",
        "purpose": "Étudier qui vote et comment les arguments circulent dans les débats.",
        "retention_until": timezone.localdate() + dt.timedelta(days=days),
        "agreement_sha256": agreement_sha256(dataset, "fr"),
        "signed_name": "Léa Martin",
        "signed_at": timezone.now(),
        **kwargs,
    }
    return DataAccessRequest.objects.create(
        dataset=dataset, requester=requester, status=status, **fields
    )
