from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The floor every app stands on: it imports no app of ours."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core"
