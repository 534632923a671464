"""The checks behind /healthz: can this process serve its users right now?"""

from pathlib import Path

from django.conf import settings
from django.db import connection


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return {"ok": False, "detail": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "mode": "broker", "detail": exc.__class__.__name__}
    return {"ok": True, "mode": "broker"}


def check_model_file() -> dict:
    path = Path(settings.LLM_MODEL_PATH) if settings.LLM_MODEL_PATH else None
    if path is None or not path.is_file():
        return {"ok": False, "path_set": bool(settings.LLM_MODEL_PATH)}
    return {"ok": True, "name": path.name, "size_bytes": path.stat().st_size}


def health_report() -> tuple[bool, dict]:
    checks = {
        "database": check_database(),
        "broker": check_broker(),
        "model": check_model_file(),
    }
    return all(c["ok"] for c in checks.values()), checks
