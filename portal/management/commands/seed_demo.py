"""Demo content for a local site: pages, accounts, and each app's own demo data.

Idempotent: a second run adds nothing that exists already. Each app declares its seed function
and its order on its AppConfig (`demo_seed`, `demo_order`, see core/composition.py).
"""

import inspect

from django.core.management.base import BaseCommand
from django.db import transaction

from core.composition import demo_seeds


class Command(BaseCommand):
    help = "Create demo pages, one account per role and each app's demo content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give the demo accounts new passwords and print them.",
        )

    def handle(self, *args, reset_passwords: bool = False, **options):
        for _label, seed in demo_seeds():
            kwargs = {"stdout": self.stdout}
            # Only the seed that creates the demo accounts knows about their passwords.
            if "reset_passwords" in inspect.signature(seed).parameters:
                kwargs["reset_passwords"] = reset_passwords
            with transaction.atomic():
                seed(**kwargs)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
