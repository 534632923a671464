"""The keys that sign the city's Open Badges (docs/training.md, "Open Badges").

    manage.py badge_keys                 list the keys and their state
    manage.py badge_keys ensure          create a key if this server holds no active one
    manage.py badge_keys rotate          new key signs from now on; the old one is retired
    manage.py badge_keys withdraw KID    stop publishing a compromised key (re-signs its badges)

Private keys are written to TRAINING_BADGE_KEY_DIR; the database keeps the public halves.
"""

from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from training.models import BadgeSigningKey
from training.open_badges import badge_key_ensure, badge_key_rotate, badge_key_withdraw


class Command(BaseCommand):
    help = "List, create, rotate or withdraw the keys that sign the Open Badges."

    def add_arguments(self, parser):
        parser.add_argument(
            "action", nargs="?", default="list", choices=["list", "ensure", "rotate", "withdraw"]
        )
        parser.add_argument("kid", nargs="?", help="the key id to withdraw")

    def handle(self, *args, action: str, kid: str | None, **options):
        try:
            if action == "ensure":
                key = badge_key_ensure()
                self.stdout.write(f"active key: {key.kid}")
            elif action == "rotate":
                key = badge_key_rotate()
                self.stdout.write(f"new active key: {key.kid} (the previous one is retired)")
            elif action == "withdraw":
                if not kid:
                    raise CommandError("Name the key to withdraw: badge_keys withdraw KID")
                badge_key_withdraw(kid=kid)
                self.stdout.write(f"withdrawn: {kid}")
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        for key in BadgeSigningKey.objects.all():
            dates = f"created {key.created_at:%Y-%m-%d}"
            if key.retired_at:
                dates += f", retired {key.retired_at:%Y-%m-%d}"
            if key.withdrawn_at:
                dates += f", withdrawn {key.withdrawn_at:%Y-%m-%d}"
            self.stdout.write(f"{key.kid}  {key.state:<9}  {dates}")
