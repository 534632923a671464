"""Django merges every French catalogue into one: for a (context, msgid) the project's own
catalogue (LOCALE_PATHS) wins, then the app listed first in INSTALLED_APPS. Two catalogues
that translate the same (context, msgid) differently mean one app's page shows another app's
French, so the same (context, msgid) must read the same everywhere; a use that needs other
French gets its own context (pgettext, {% translate "…" context "…" %})."""

import sysconfig
from collections import defaultdict
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext


def _french_catalogues():
    """The project's own French catalogues, in Django's order of precedence."""
    base = Path(settings.BASE_DIR).resolve()
    # Installed packages are not ours, even when the virtualenv lies inside the checkout.
    installed = Path(sysconfig.get_paths()["purelib"]).resolve()
    directories = [Path(path) for path in settings.LOCALE_PATHS]
    directories += [
        Path(config.path) / "locale"
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and not Path(config.path).resolve().is_relative_to(installed)
    ]
    for directory in directories:
        for path in sorted((directory / "fr" / "LC_MESSAGES").glob("*.po")):
            yield path.relative_to(base), polib.pofile(str(path))


def _french(entry):
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
    return entry.msgstr


def test_the_catalogues_are_found():
    names = {str(path) for path, _catalogue in _french_catalogues()}
    assert "locale/fr/LC_MESSAGES/django.po" in names
    assert "training/locale/fr/LC_MESSAGES/django.po" in names
    assert "workspace/locale/fr/LC_MESSAGES/django.po" in names


def test_one_context_and_msgid_reads_the_same_in_every_french_catalogue():
    french = defaultdict(dict)
    for path, catalogue in _french_catalogues():
        for entry in catalogue.translated_entries():
            key = (path.suffix, path.stem, entry.msgctxt, entry.msgid)
            french[key][str(path.parent.parent.parent.parent)] = _french(entry)
    collisions = [
        f"{msgctxt!r} {msgid!r}: {by_catalogue}"
        for (_suffix, _domain, msgctxt, msgid), by_catalogue in french.items()
        if len(set(by_catalogue.values())) > 1
    ]
    assert not collisions, (
        "The same (context, msgid) has different French in different catalogues; the first "
        "catalogue wins on every page. Unify the French, or give the use that needs its own "
        "French a context:\n" + "\n".join(collisions)
    )


def _french_labels():
    from consultation.models import UseCaseStatus
    from core.models import TranslationStatus
    from inference_bridge.models import NodeStatus
    from observatory.models import FollowUp
    from register.models import RecourseStatus, Status
    from training.models import BadgeKeyState
    from workspace.models.assistants import RunStatus
    from workspace.models.documents import AnchorKind, DocumentStatus

    return [
        (TranslationStatus.READY.label, "Prête", "Ready"),
        (DocumentStatus.READY.label, "Prêt", "Ready"),
        (TranslationStatus.FAILED.label, "Échouée", "Failed"),
        (RunStatus.FAILED.label, "Échec", "Failed"),
        (RunStatus.DONE.label, "Terminé", "Done"),
        (FollowUp.DONE.label, "Réalisée", "Done"),
        (AnchorKind.SECTION.label, "Sections", "Sections"),
        (RecourseStatus.ANSWERED.label, "Répondue", "Answered"),
        (UseCaseStatus.ANSWERED.label, "Répondu", "Answered"),
        (Status.RETIRED.label, "Retiré", "Retired"),
        (BadgeKeyState.RETIRED.label, "Remplacée", "Retired"),
        (NodeStatus.ACTIVE.label, "Actif", "Active"),
        (BadgeKeyState.ACTIVE.label, "Active", "Active"),
    ]


def test_labels_that_share_an_english_word_keep_their_own_french():
    with translation.override("fr"):
        french = [(str(label), expected) for label, expected, _english in _french_labels()]
        assert [got for got, _expected in french] == [expected for _got, expected in french]
        # The same English word in templates: a button, a table heading, a link in a sentence.
        assert pgettext("button", "Start") == "Commencer"
        assert pgettext("start time", "Start") == "Début"
        assert pgettext("training course", "Course") == "Formation"
        assert gettext("Course") == "Cours"
        assert gettext("Log in") == "Se connecter"
        assert pgettext("link in a sentence", "Log in") == "Connectez-vous"
        assert pgettext("language, in a sentence", "French") == "français"
        assert gettext("French") == "Français"
    with translation.override("en"):
        assert [str(label) for label, _f, _e in _french_labels()] == [
            english for _label, _french, english in _french_labels()
        ]
        assert pgettext("button", "Start") == "Start"
