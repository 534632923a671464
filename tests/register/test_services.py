import pytest

from accounts.models import AuditEntry
from accounts.roles import Role
from core.errors import Conflict, InvalidInput, NotAllowed
from register import services
from register.models import AISystem, RiskLevel, Status, VersionState
from tests.factories import UserFactory
from tests.register.factories import core_data, editor, published_system

pytestmark = pytest.mark.django_db


def test_create_makes_a_draft_version_one_and_an_audit_row():
    author = editor()
    system = services.system_create(actor=author, data=core_data(name="Tri du courrier"))
    version = system.versions.get()
    assert (version.number, version.state) == (1, VersionState.DRAFT)
    assert system.slug == "tri-du-courrier"
    assert system.published_version is None
    assert AuditEntry.objects.filter(
        action="register.system.create", target_id=str(system.uuid)
    ).exists()


def test_every_save_is_a_new_version_and_nothing_is_overwritten():
    system = published_system()
    first = system.published_version
    new = services.system_version_save(
        actor=editor(), system=system, data={"purpose": "Nouveau but"}, change_summary="But"
    )
    first.refresh_from_db()
    assert new.number == 2 and new.state == VersionState.DRAFT
    assert new.purpose == "Nouveau but"
    assert first.purpose == "Tester le registre." and first.state == VersionState.PUBLISHED
    assert new.name == first.name  # unchanged fields carried over
    system.refresh_from_db()
    assert system.published_version == first  # the public still sees version 1


def test_nobody_publishes_their_own_draft():
    author = editor()
    system = services.system_create(actor=author, data=core_data())
    with pytest.raises(NotAllowed) as excinfo:
        services.system_version_publish(actor=author, version=system.versions.get())
    assert excinfo.value.status == 403
    assert system.versions.get().state == VersionState.DRAFT


def test_a_second_editor_publishes_and_the_previous_version_is_superseded():
    system = published_system(versions=2)
    states = dict(system.versions.values_list("number", "state"))
    assert states == {1: VersionState.SUPERSEDED, 2: VersionState.PUBLISHED}
    assert system.published_version.number == 2
    assert system.first_published_at is not None
    assert AuditEntry.objects.filter(action="register.system.publish").count() == 2


def test_publishing_refuses_missing_core_fields_and_lists_them():
    system = services.system_create(
        actor=editor(), data=core_data(purpose="", human_oversight="", risk_level="")
    )
    with pytest.raises(Conflict) as excinfo:
        services.system_version_publish(actor=editor(), version=system.versions.get())
    message = excinfo.value.message
    assert excinfo.value.status == 409
    assert (
        "finalité" in message and "contrôle humain" in message and "catégorie de risque" in message
    )


def test_high_risk_needs_the_annex_iii_point():
    system = services.system_create(actor=editor(), data=core_data(risk_level=RiskLevel.HIGH))
    with pytest.raises(Conflict, match="annexe III"):
        services.system_version_publish(actor=editor(), version=system.versions.get())


def test_only_register_editors_edit_or_publish():
    agent = UserFactory(roles=[Role.AGENT])
    with pytest.raises(NotAllowed):
        services.system_create(actor=agent, data=core_data())
    system = services.system_create(actor=editor(), data=core_data())
    with pytest.raises(NotAllowed):
        services.system_version_publish(actor=agent, version=system.versions.get())


def test_retiring_needs_a_reason_and_goes_through_a_second_editor():
    author = editor()
    system = published_system(author=author)
    with pytest.raises(InvalidInput):
        services.system_retire(actor=author, system=system, reason="  ")
    draft = services.system_retire(
        actor=author, system=system, reason="Remplacé par un autre outil"
    )
    assert draft.status == Status.RETIRED and draft.retirement_reason
    services.system_version_publish(actor=editor(), version=draft)
    system.refresh_from_db()
    assert system.published_version.status == Status.RETIRED
    assert AuditEntry.objects.filter(action="register.system.retire").exists()


def test_retired_without_reason_cannot_be_published():
    system = services.system_create(actor=editor(), data=core_data(status=Status.RETIRED))
    with pytest.raises(Conflict, match="raison du retrait"):
        services.system_version_publish(actor=editor(), version=system.versions.get())


def test_questionnaire_answers_level_and_reasons_are_stored_with_the_version():
    system = published_system()
    version = services.system_assessment_save(
        actor=editor(), system=system, answers={"is_ai_system": "yes", "annex_iii_area": "2"}
    )
    assert version.risk_level == RiskLevel.HIGH
    assert version.annex_iii_point == "2"
    assert version.risk_answers["annex_iii_area"] == "2"
    assert version.risk_reasons and isinstance(version.risk_reasons[0], str)


def test_charter_rows_are_copied_to_the_next_version_and_unique_per_principle():
    rows = [{"principle": "equity", "rating": "meets", "justification": "ok"}]
    system = published_system(charter=rows)
    v = services.system_version_save(actor=editor(), system=system, data={"purpose": "x"})
    assert list(v.charter_assessments.values_list("principle", flat=True)) == ["equity"]
    with pytest.raises(InvalidInput):
        services.system_charter_save(actor=editor(), system=system, rows=rows + rows)


def test_publishing_an_older_draft_is_refused_when_a_newer_one_exists():
    system = published_system()
    older = services.system_version_save(actor=editor(), system=system, data={"purpose": "a"})
    services.system_version_save(actor=editor(), system=system, data={"purpose": "b"})
    with pytest.raises(Conflict, match="newer draft|brouillon plus récent"):
        services.system_version_publish(actor=editor(), version=older)


def test_slugs_never_collide_and_avoid_reserved_words():
    a = services.system_create(actor=editor(), data=core_data(name="Staff"))
    b = services.system_create(actor=editor(), data=core_data(name="Staff"))
    assert a.slug != "staff" and a.slug != b.slug
    assert AISystem.objects.count() == 2


def test_due_date_is_one_month_later_by_default():
    import datetime

    assert services.recourse_default_due_date(received=datetime.date(2026, 1, 31)) == datetime.date(
        2026, 2, 28
    )
    assert services.recourse_default_due_date(received=datetime.date(2026, 3, 15)) == datetime.date(
        2026, 4, 15
    )


ROLE_CASES = [
    ([Role.RESIDENT], False, False),
    ([Role.RESEARCHER], False, False),
    ([Role.ELECTED], False, False),
    ([Role.MODERATOR], False, False),
    ([Role.AGENT], False, True),
    ([Role.REGISTER_EDITOR], True, True),
]


@pytest.mark.parametrize(("roles", "can_edit", "can_handle"), ROLE_CASES)
def test_permission_matrix_for_register_actions(roles, can_edit, can_handle):
    """Role × action: create, edit, publish, retire (editors); handle recourse (agents + editors)."""
    person = UserFactory(roles=roles)
    system = published_system()
    draft = services.system_version_save(actor=editor(), system=system, data={"purpose": "x"})
    request = services.recourse_request_open(
        system=system, data={"email": "a@example.org", "request": "R", "consent": True}
    )
    actions = {
        "create": lambda: services.system_create(actor=person, data=core_data()),
        "publish": lambda: services.system_version_publish(actor=person, version=draft),
        "edit": lambda: services.system_version_save(
            actor=person, system=system, data={"purpose": "y"}
        ),
        "retire": lambda: services.system_retire(actor=person, system=system, reason="Fin"),
    }
    for action in actions.values():
        if can_edit:
            action()
        else:
            with pytest.raises(NotAllowed):
                action()
    handle = {
        "note": lambda: services.recourse_request_add_note(actor=person, request=request, text="n"),
        "assign": lambda: services.recourse_request_assign(
            actor=person, request=request, handler=person
        ),
        "answer": lambda: services.recourse_request_answer(
            actor=person, request=request, answer="a"
        ),
    }
    for action in handle.values():
        if can_handle:
            action()
        else:
            with pytest.raises(NotAllowed):
                action()


def test_migration_renames_the_old_register_record_types():
    from importlib import import_module

    from django.apps import apps

    AuditEntry.objects.create(action="register.recourse.open", target_type="register.recourse")
    AuditEntry.objects.create(action="register.partner.create", target_type="register.remote")
    import_module("register.migrations.0003_audit_target_type_label").forwards(apps, None)
    assert set(AuditEntry.objects.values_list("target_type", flat=True)) == {
        "register.recourserequest",
        "register.remoteregister",
    }
