"""Demo content for a local site: pages, accounts, and each app's own demo data.

Idempotent: a second run adds nothing that exists already. Each app joins by shipping
`<app>/demo.py` with `seed(*, stdout) -> None`; apps are seeded in dependency order.
"""

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction

SEED_ORDER = [
    "accounts",
    "portal",
    "register",
    "consultation",
    "inference_bridge",
    "training",
    "observatory",
]


class Command(BaseCommand):
    help = "Create demo pages, one account per role and each app's demo content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give the demo accounts new passwords and print them.",
        )

    def handle(self, *args, reset_passwords: bool = False, **options):
        for app in SEED_ORDER:
            module_name = f"{app}.demo"
            if find_spec(module_name) is None:
                continue
            module = import_module(module_name)
            with transaction.atomic():
                if app == "accounts":
                    module.seed(stdout=self.stdout, reset_passwords=reset_passwords)
                else:
                    module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
