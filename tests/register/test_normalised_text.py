"""A form saved again with "\\r\\n" line endings is no change: the public diff shows none."""

import importlib

import pytest
from django.apps import apps

from consultation.models import Comment, UseCase
from register import selectors, services
from register.models import AISystemVersion, CharterAssessment
from tests.register.factories import editor, published_system

pytestmark = pytest.mark.django_db

MULTILINE = "Trier le courrier.\nL'orienter vers le bon service."


def test_saving_the_same_text_with_crlf_and_trailing_spaces_changes_nothing_in_the_diff():
    system = published_system(purpose=MULTILINE)
    old = services.system_latest_version(system=system)
    new = services.system_version_save(
        actor=editor(),
        system=system,
        # what a browser sends back from an untouched textarea, plus a stray space
        data={"purpose": "Trier le courrier.  \r\nL'orienter vers le bon service.\r\n"},
    )
    new.refresh_from_db()
    assert new.purpose == MULTILINE
    assert selectors.version_diff(old=old, new=new) == []


def test_a_real_change_is_still_shown():
    system = published_system(purpose=MULTILINE)
    old = services.system_latest_version(system=system)
    new = services.system_version_save(
        actor=editor(), system=system, data={"purpose": "Trier le courrier.\r\nLe classer."}
    )
    changes = selectors.version_diff(old=old, new=new)
    assert [c["name"] for c in changes] == ["purpose"]
    assert "\r" not in changes[0]["new"]


def test_versions_stored_before_the_fix_compare_normalised():
    system = published_system(purpose=MULTILINE, versions=2)
    old, new = system.versions.order_by("number")
    AISystemVersion.objects.filter(pk=old.pk).update(purpose=MULTILINE.replace("\n", " \r\n"))
    AISystemVersion.objects.filter(pk=new.pk).update(purpose=MULTILINE)
    old.refresh_from_db()
    new.refresh_from_db()
    assert selectors.version_diff(old=old, new=new) == []


def test_the_data_migration_normalises_stored_versions_and_charter_justifications():
    system = published_system(
        charter=[{"principle": "transparency", "rating": "meets", "justification": "Oui."}]
    )
    version = services.system_latest_version(system=system)
    # as stored before the fix (update() bypasses save())
    AISystemVersion.objects.filter(pk=version.pk).update(purpose="Ligne 1 \r\nLigne 2\r\n")
    CharterAssessment.objects.filter(version=version).update(justification="Oui.\r\nNon. ")
    migration = importlib.import_module("register.migrations.0004_normalise_version_text")
    migration.forwards(apps, None)
    assert AISystemVersion.objects.values_list("purpose", flat=True).get(pk=version.pk) == (
        "Ligne 1\nLigne 2"
    )
    assert CharterAssessment.objects.get(version=version).justification == "Oui.\nNon."


def test_consultation_dossiers_and_comments_are_saved_normalised():
    from consultation import services as consultation_services
    from tests.consultation.factories import use_case_in
    from tests.factories import UserFactory

    use_case = use_case_in("voting", problem="Un problème.  \r\nDeux lignes.\r\n")
    comment = consultation_services.comment_post(
        author=UserFactory(), use_case=use_case, body="Je suis pour.\r\nVraiment. "
    )
    assert UseCase.objects.get(pk=use_case.pk).problem == "Un problème.\nDeux lignes."
    assert Comment.objects.get(pk=comment.pk).body == "Je suis pour.\nVraiment."


def test_a_dossier_saved_again_with_crlf_records_no_revision():
    from accounts.roles import Role
    from consultation import services as consultation_services
    from consultation.models import UseCaseRevision
    from tests.consultation.factories import UseCaseFactory
    from tests.factories import UserFactory

    use_case = UseCaseFactory(risks="Ligne 1\nLigne 2")
    result = consultation_services.use_case_update(
        editor=UserFactory(roles=[Role.AGENT]),
        use_case=use_case,
        data={"risks": "Ligne 1 \r\nLigne 2\r\n"},
    )
    assert result is None
    assert not UseCaseRevision.objects.exists()
