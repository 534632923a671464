from datetime import timedelta

import factory
from django.utils import timezone

from consultation.models import Consultation, Phase, UseCase


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


# Days from now at which each phase's dates fall: (information, voting starts, voting ends,
# answer due). `consultation_in(phase)` builds a consultation whose calendar says `phase`.
PHASE_OFFSETS = {
    Phase.UPCOMING: (1, 5, 10, 20),
    Phase.INFORMATION: (-5, 5, 10, 20),
    Phase.VOTING: (-10, -5, 5, 30),
    Phase.ANALYSIS: (-30, -20, -1, 10),
    Phase.ANSWER: (-40, -30, -20, -1),
}


def phase_dates(phase: str) -> dict:
    now = timezone.now()
    info, start, end, due = (now + timedelta(days=d) for d in PHASE_OFFSETS[Phase(phase)])
    return {
        "information_starts_at": info,
        "voting_starts_at": start,
        "voting_ends_at": end,
        "answer_due_at": due,
    }


def consultation_in(phase: str, **kw) -> Consultation:
    consultation = ConsultationFactory(**phase_dates(phase), **kw)
    assert consultation.current_phase == phase
    return consultation


def move_to(consultation: Consultation, phase: str) -> Consultation:
    """Rewrite the calendar so that today falls in `phase` (the dates decide the phase)."""
    Consultation.objects.filter(pk=consultation.pk).update(**phase_dates(phase))
    consultation.refresh_from_db()
    assert consultation.current_phase == phase
    return consultation


def use_case_in(phase: str, **kw) -> UseCase:
    return UseCaseFactory(consultation=consultation_in(phase), **kw)


DOSSIER = {
    "title": "Sous-titrage automatique des séances",
    "summary": "Sous-titrer les séances du conseil",
    "problem": "Vidéos inaccessibles",
    "proposed_ai": "Reconnaissance vocale locale",
    "data_used": "Audio public",
    "people_affected": "Personnes sourdes",
    "expected_benefits": "Accessibilité",
    "risks": "Erreurs",
    "alternatives": "Sous-titrage humain",
}
