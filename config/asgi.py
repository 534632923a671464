"""ASGI entry point (uvicorn). Streaming views (the sandbox's SSE) need ASGI."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402

application = get_asgi_application()

from core.tasks import tasks_in_background_allow  # noqa: E402

tasks_in_background_allow()

if settings.SERVE_FILES:
    # The embedded server serves /static/ itself; production leaves it to the reverse proxy.
    from core.staticfiles import StaticFilesHandler

    application = StaticFilesHandler(application)
