from datetime import timedelta

import factory
from django.utils import timezone

from consultation.models import Consultation, UseCase


class ConsultationFactory(factory.django.DjangoModelFactory):
    """Voting open by default (information started 10 days ago, voting 5 days ago)."""

    class Meta:
        model = Consultation

    slug = factory.Sequence(lambda n: f"consultation-{n}")
    title = factory.Sequence(lambda n: f"Consultation {n}")
    summary = "A consultation"
    information_starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    voting_starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=5))
    voting_ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=5))
    answer_due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    results_visibility = "live"


def closed_consultation(**kw):
    now = timezone.now()
    return ConsultationFactory(
        information_starts_at=now - timedelta(days=30),
        voting_starts_at=now - timedelta(days=20),
        voting_ends_at=now - timedelta(days=1),
        answer_due_at=now + timedelta(days=10),
        **kw,
    )


def upcoming_consultation(**kw):
    now = timezone.now()
    return ConsultationFactory(
        information_starts_at=now + timedelta(days=1),
        voting_starts_at=now + timedelta(days=5),
        voting_ends_at=now + timedelta(days=10),
        answer_due_at=now + timedelta(days=20),
        **kw,
    )


class UseCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UseCase

    consultation = factory.SubFactory(ConsultationFactory)
    title = factory.Sequence(lambda n: f"Use case {n}")
    summary = "Summary"
    problem = "Problem"
    proposed_ai = "AI"
    data_used = "Data"
    people_affected = "People"
    expected_benefits = "Benefits"
    risks = "Risks"
    alternatives = "Alternatives"
