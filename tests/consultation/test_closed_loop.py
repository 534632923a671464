"""The closed loop from vote to decision to register (issue 15): an adoption opens a register
draft pre-filled from the dossier and the commitment to publish it, which turns overdue by
itself; an answer that departs from the vote's median needs a written justification; commitments
get progress updates; who may adopt and who may report progress."""

import datetime

import pytest
from django.test import Client

from accounts.models import AuditEntry
from accounts.roles import Role
from consultation import policies, selectors, services
from consultation.models import (
    Ballot,
    Commitment,
    CommitmentKind,
    CommitmentProgress,
    CommitmentStatus,
    Notification,
    NotificationKind,
    OfficialAnswer,
)
from core.errors import InvalidInput, NotAllowed, NotAuthenticated
from register import services as register_services
from register.models import AISystem, VersionState
from tests.consultation.factories import UseCaseFactory, closed_consultation
from tests.factories import UserFactory
from tests.register.factories import core_data, editor, published_system

pytestmark = pytest.mark.django_db

DEPARTMENT = "Direction de la propreté et de l'eau"


def _use_case(**kw):
    return UseCaseFactory(
        consultation=closed_consultation(),
        title="Assistant du tri des déchets",
        summary="Un assistant répond aux questions sur le tri.",
        problem="Des milliers d'appels répétitifs.",
        proposed_ai="Un assistant fondé sur la base officielle des consignes.",
        data_used="La base des consignes de tri.",
        people_affected="Habitants et agents du renseignement.",
        expected_benefits="Réponse immédiate.",
        risks="Réponses inventées.",
        alternatives="Améliorer la recherche du site.",
        department=DEPARTMENT,
        **kw,
    )


def _grade(use_case, grade: str, n: int = 5) -> None:
    Ballot.objects.bulk_create(
        Ballot(use_case=use_case, voter=UserFactory(), grade=grade) for _ in range(n)
    )


def _publish(elected, use_case, decision="adopted", departure="", **kw) -> OfficialAnswer:
    return services.answer_publish(
        author=elected,
        use_case=use_case,
        decision=decision,
        justification="Adopté avec garanties.",
        author_title="Adjointe au numérique",
        departure_justification=departure,
        **kw,
    )


# --- Adoption → register draft + commitment ------------------------------------------------------


@pytest.mark.parametrize("decision", ["adopted", "adopted_with_changes"])
def test_adoption_opens_a_register_draft_prefilled_from_the_dossier_and_its_commitment_once(
    decision,
):
    elected = UserFactory(roles=[Role.ELECTED])
    use_case = _use_case()
    _publish(elected, use_case, decision=decision)
    system = AISystem.objects.get()
    draft = system.versions.get()
    assert draft.state == VersionState.DRAFT and system.published_version_id is None
    assert draft.name == use_case.title
    assert draft.short_description == use_case.summary
    assert draft.purpose == use_case.problem
    assert draft.department == DEPARTMENT
    assert draft.live_data == use_case.data_used
    assert draft.people_affected == use_case.people_affected
    assert draft.risks_mitigations == use_case.risks
    assert draft.alternatives_considered == use_case.alternatives
    use_case.refresh_from_db()
    assert use_case.register_slug == system.slug
    commitment = Commitment.objects.get(kind=CommitmentKind.REGISTER_RECORD)
    assert commitment.register_slug == system.slug
    assert commitment.deadline > datetime.date.today()
    # Revising the answer (same decision, or re-saving) opens neither a second draft nor a
    # second commitment.
    _publish(elected, use_case, decision=decision)
    _publish(elected, use_case, decision="adopted_with_changes")
    assert AISystem.objects.count() == 1 and system.versions.count() == 1
    assert Commitment.objects.filter(kind=CommitmentKind.REGISTER_RECORD).count() == 1
    assert AuditEntry.objects.filter(action="use_case.register_draft").count() == 1


@pytest.mark.parametrize("decision", ["pilot", "rejected"])
def test_a_pilot_or_a_rejection_opens_no_register_draft(decision):
    _publish(UserFactory(roles=[Role.ELECTED]), _use_case(), decision=decision)
    assert not AISystem.objects.exists()
    assert not Commitment.objects.filter(kind=CommitmentKind.REGISTER_RECORD).exists()


def test_adopting_a_use_case_that_has_a_record_commits_to_that_record_without_a_new_draft():
    system = published_system()
    use_case = _use_case(register_slug=system.slug)
    _publish(UserFactory(roles=[Role.ELECTED]), use_case)
    assert AISystem.objects.count() == 1
    row = selectors.use_case_commitments(use_case=use_case)[0]
    assert row["register_slug"] == system.slug
    assert row["status"] == CommitmentStatus.KEPT and not row["is_overdue"]


def test_the_register_commitment_turns_overdue_by_date_and_is_kept_once_the_record_is_published():
    use_case = _use_case()
    _publish(UserFactory(roles=[Role.ELECTED]), use_case)
    deadline = Commitment.objects.get(kind=CommitmentKind.REGISTER_RECORD).deadline
    on_time = selectors.use_case_commitments(use_case=use_case, today=deadline)[0]
    assert on_time["status"] == CommitmentStatus.PENDING and not on_time["is_overdue"]
    late = selectors.use_case_commitments(
        use_case=use_case, today=deadline + datetime.timedelta(days=1)
    )[0]
    assert late["is_overdue"] and late["status"] == CommitmentStatus.PENDING
    # Two register editors complete and publish the draft: the commitment is kept, by itself.
    system = AISystem.objects.get()
    author, publisher = editor(), editor()
    version = register_services.system_version_save(
        actor=author, system=system, data={k: v for k, v in core_data().items() if k != "name"}
    )
    register_services.system_version_publish(actor=publisher, version=version)
    kept = selectors.use_case_commitments(
        use_case=use_case, today=deadline + datetime.timedelta(days=1)
    )[0]
    assert kept["status"] == CommitmentStatus.KEPT and not kept["is_overdue"]
    assert kept["percent"] == 100 and kept["done_at"] == datetime.date.today()


def test_an_overdue_commitment_tells_its_owners_once_through_the_outbox():
    elected = UserFactory(roles=[Role.ELECTED])
    owner_agent = UserFactory(roles=[Role.AGENT], department=DEPARTMENT)
    other_agent = UserFactory(roles=[Role.AGENT], department="Direction des finances")
    use_case = _use_case()
    _publish(elected, use_case)
    deadline = Commitment.objects.get(kind=CommitmentKind.REGISTER_RECORD).deadline
    on_deadline = datetime.datetime.combine(deadline, datetime.time(12), tzinfo=datetime.UTC)
    assert services.commitments_notify_overdue(now=on_deadline) == 0
    later = on_deadline + datetime.timedelta(days=2)
    assert services.commitments_notify_overdue(now=later) == 1
    rows = Notification.objects.filter(kind=NotificationKind.COMMITMENT)
    assert set(rows.values_list("recipient_id", flat=True)) == {elected.pk, owner_agent.pk}
    assert other_agent.pk not in set(rows.values_list("recipient_id", flat=True))
    assert services.commitments_notify_overdue(now=later + datetime.timedelta(days=1)) == 0
    assert rows.count() == 2


# --- The justification rule ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "median", "departs"),
    [
        ("adopted", "passable", True),
        ("adopted_with_changes", "reject", True),
        ("adopted", "fairly_good", False),
        ("adopted", "excellent", False),
        ("rejected", "good", True),
        ("rejected", "excellent", True),
        ("rejected", "fairly_good", False),
        ("rejected", "reject", False),
        ("pilot", "reject", False),
        ("pilot", "excellent", False),
        ("adopted", None, False),
        ("rejected", None, False),
    ],
)
def test_the_departure_rule(decision, median, departs):
    assert policies.answer_departs_from_vote(decision=decision, median_grade=median) is departs


@pytest.mark.parametrize(("decision", "grade"), [("adopted", "insufficient"), ("rejected", "good")])
def test_the_service_refuses_a_departing_answer_without_justification_and_keeps_one_with_it(
    decision, grade
):
    elected = UserFactory(roles=[Role.ELECTED])
    use_case = _use_case()
    _grade(use_case, grade)
    with pytest.raises(InvalidInput) as refused:
        _publish(elected, use_case, decision=decision, departure="   ")
    assert refused.value.code == "departure_justification"
    assert not OfficialAnswer.objects.exists() and not AISystem.objects.exists()
    answer = _publish(elected, use_case, decision=decision, departure="Parce que.")
    assert answer.departure_justification == "Parce que."
    assert answer.median_grade == grade


def test_an_answer_that_follows_the_vote_needs_no_departure_justification_and_stores_none():
    use_case = _use_case()
    _grade(use_case, "good")
    answer = _publish(
        UserFactory(roles=[Role.ELECTED]), use_case, decision="adopted", departure="Inutile."
    )
    assert answer.departure_justification == "" and answer.median_grade == "good"


def _answer_form(**overrides) -> dict:
    data = {
        "decision": "adopted",
        "justification": "Adopté avec garanties.",
        "author_title": "Adjointe au numérique",
        "register_slug": "",
        "departure_justification": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("decision", "grade"), [("adopted", "passable"), ("rejected", "very_good")]
)
def test_the_form_refuses_a_departing_answer_without_justification_and_keeps_the_input(
    decision, grade
):
    elected = UserFactory(roles=[Role.ELECTED])
    use_case = _use_case()
    _grade(use_case, grade)
    client = Client()
    client.force_login(elected)
    url = f"/en/consultations/use-cases/{use_case.pk}/answer/"
    response = client.post(url, _answer_form(decision=decision, justification="Mon texte gardé."))
    assert response.status_code == 400
    html = response.content.decode()
    assert "departs from the vote" in html and 'id="id_departure_justification_error"' in html
    assert "Mon texte gardé." in html
    assert not OfficialAnswer.objects.exists()
    response = client.post(
        url, _answer_form(decision=decision, departure_justification="Les garanties changent tout.")
    )
    assert response.status_code == 302
    page = Client().get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    assert "This decision departs from the vote. Why:" in page
    assert "Les garanties changent tout." in page
    results = Client().get(f"/en/consultations/{use_case.consultation.slug}/results/")
    assert "Les garanties changent tout." in results.content.decode()


# --- Progress on commitments ---------------------------------------------------------------------


def _answered_with_commitment(elected=None):
    elected = elected or UserFactory(roles=[Role.ELECTED])
    use_case = _use_case()
    _publish(
        elected,
        use_case,
        decision="pilot",
        commitments=[{"text": "Ouvrir le pilote", "deadline": datetime.date(2027, 6, 1)}],
    )
    return use_case, Commitment.objects.get(text="Ouvrir le pilote")


def test_progress_updates_are_dated_audited_and_shown_as_a_timeline_with_a_percentage():
    elected = UserFactory(roles=[Role.ELECTED], display_name="Adjointe Martin")
    use_case, commitment = _answered_with_commitment(elected)
    services.commitment_progress_add(
        user=elected, commitment=commitment, percent=30, note="Marché passé."
    )
    services.commitment_progress_add(
        user=elected, commitment=commitment, percent=70, note="Pilote ouvert dans le 11e."
    )
    row = selectors.use_case_commitments(use_case=use_case)[0]
    assert row["percent"] == 70 and [p.note for p in row["progress"]] == [
        "Marché passé.",
        "Pilote ouvert dans le 11e.",
    ]
    assert AuditEntry.objects.filter(action="commitment.progress").count() == 2
    html = Client().get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    assert '<progress id="progress-' in html and 'value="70"' in html
    assert "<span>70 %</span>" in html
    assert "Marché passé." in html and "Adjointe Martin" in html
    # The library reads the same selector for many use cases at once.
    many = selectors.commitments_for_use_cases(use_case_ids=[use_case.pk])
    assert many[use_case.pk][0]["percent"] == 70


@pytest.mark.parametrize("percent", [-1, 101, "beaucoup"])
def test_a_progress_out_of_range_is_refused_by_the_service(percent):
    elected = UserFactory(roles=[Role.ELECTED])
    _use_case_, commitment = _answered_with_commitment(elected)
    with pytest.raises(InvalidInput):
        services.commitment_progress_add(
            user=elected, commitment=commitment, percent=percent, note="Note."
        )
    assert not CommitmentProgress.objects.exists()


def test_the_progress_form_refuses_bad_input_with_the_note_kept():
    elected = UserFactory(roles=[Role.ELECTED])
    _use_case_, commitment = _answered_with_commitment(elected)
    client = Client()
    client.force_login(elected)
    url = f"/en/consultations/commitments/{commitment.pk}/progress/"
    response = client.post(url, {"percent": "150", "note": "Ma note détaillée."})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ma note détaillée." in html and 'id="id_percent_error"' in html
    assert client.post(url, {"percent": "40", "note": "Ma note détaillée."}).status_code == 302
    assert CommitmentProgress.objects.get().percent == 40


# --- Permissions: who adopts, who reports progress (services and views) --------------------------

ROLES = {
    "visitor": None,
    "resident": [Role.RESIDENT],
    "agent of another department": [Role.AGENT],
    "agent of the owning department": [Role.AGENT],
    "moderator": [Role.MODERATOR],
    "register editor": [Role.REGISTER_EDITOR],
    "elected official": [Role.ELECTED],
}
# role: (may adopt, may report progress)
MATRIX = {
    "visitor": (False, False),
    "resident": (False, False),
    "agent of another department": (False, False),
    "agent of the owning department": (False, True),
    "moderator": (False, False),
    "register editor": (False, False),
    "elected official": (True, True),
}


def _user_for(role: str):
    if ROLES[role] is None:
        return None
    department = DEPARTMENT if role == "agent of the owning department" else "Autre direction"
    return UserFactory(roles=ROLES[role], department=department)


@pytest.mark.parametrize("role", list(MATRIX))
def test_permission_matrix_adopt(role):
    from django.contrib.auth.models import AnonymousUser

    may_adopt, _ = MATRIX[role]
    user = _user_for(role)
    use_case = _use_case()
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.post(f"/en/consultations/use-cases/{use_case.pk}/answer/", _answer_form())
    if may_adopt:
        assert response.status_code == 302
        assert AISystem.objects.count() == 1
    else:
        assert response.status_code in (302, 403)
        if user is None:
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403
        assert not OfficialAnswer.objects.exists() and not AISystem.objects.exists()
        with pytest.raises((NotAllowed, NotAuthenticated)):
            _publish(user or AnonymousUser(), use_case)


@pytest.mark.parametrize("role", list(MATRIX))
def test_permission_matrix_report_progress(role):
    from django.contrib.auth.models import AnonymousUser

    _, may_report = MATRIX[role]
    user = _user_for(role)
    use_case, commitment = _answered_with_commitment()
    client = Client()
    if user is not None:
        client.force_login(user)
    url = f"/en/consultations/commitments/{commitment.pk}/progress/"
    response = client.post(url, {"percent": "10", "note": "Avancement."})
    page = client.get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    if may_report:
        assert response.status_code == 302
        assert CommitmentProgress.objects.count() == 1
        assert url in page  # the page offers the action exactly when the service allows it
    else:
        if user is None:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403
        assert not CommitmentProgress.objects.exists()
        assert url not in page
        with pytest.raises((NotAllowed, NotAuthenticated)):
            services.commitment_progress_add(
                user=user or AnonymousUser(), commitment=commitment, percent=10, note="x"
            )


def test_the_use_case_page_shows_the_draft_record_to_officials_and_its_name_to_everyone():
    elected = UserFactory(roles=[Role.ELECTED])
    use_case = _use_case()
    _publish(elected, use_case)
    system = AISystem.objects.get()
    public = Client().get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    assert "draft being prepared, not published yet" in public
    assert f"/register/{system.slug}/draft/" not in public
    client = Client()
    client.force_login(elected)
    page = client.get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    assert f"/register/{system.slug}/draft/" in page
    draft = client.get(f"/en/register/{system.slug}/draft/")
    assert draft.status_code == 200 and use_case.title in draft.content.decode()
