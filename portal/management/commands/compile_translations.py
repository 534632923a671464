"""Compile every .po catalogue of the project into .mo, in pure Python.

Django's `compilemessages` needs GNU gettext's msgfmt, which a fresh machine may lack;
`make run` must work with only Python, git and make.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SKIP_DIRS = {".venv", "node_modules", "staticfiles", "media", ".git"}


class Command(BaseCommand):
    help = "Compile the project's .po files into .mo files (no gettext needed)."

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        compiled = 0
        for po_path in base.rglob("locale/*/LC_MESSAGES/*.po"):
            if SKIP_DIRS.intersection(po_path.relative_to(base).parts):
                continue
            catalogue = polib.pofile(str(po_path))
            untranslated = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
            if untranslated:
                raise CommandError(
                    f"{po_path}: {len(untranslated)} untranslated, e.g. {untranslated[0]!r}"
                )
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            compiled += 1
        self.stdout.write(f"Compiled {compiled} catalogue(s).")
