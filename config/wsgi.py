"""WSGI entry point, for deployments that do not need streaming."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from core.tasks import tasks_in_background_allow  # noqa: E402

tasks_in_background_allow()
