"""The checks behind the health endpoints.

- Liveness (`/healthz`): this process answers and its database is reachable. Without the
  database nothing works, so a load balancer takes the node out (503).
- Readiness report (`/healthz/ready`): the same database check, fatal, plus the broker and
  the model, which only degrade the service: with the broker down, emails wait in the outbox
  and periodic work pauses; with the model unusable, the sandbox and `/v1/` refuse while every
  other page works. They answer "degraded" with 200, never 503, so a broker blip never takes
  every web node out.
"""

import importlib
from pathlib import Path

from django.conf import settings
from django.db import connection

GGUF_MAGIC = b"GGUF"


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
            conn.ensure_connection(max_retries=0, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "mode": "broker", "detail": exc.__class__.__name__}
    return {"ok": True, "mode": "broker"}


def check_model() -> dict:
    """The in-process backend can load: llama_cpp imports and the model file is a readable
    GGUF (its magic bytes are read, so a truncated download or unreadable file shows)."""
    try:
        importlib.import_module("llama_cpp")
    except Exception as exc:  # noqa: BLE001 - a missing wheel or a broken shared library
        return {"ok": False, "detail": f"llama_cpp: {exc.__class__.__name__}"}
    if not settings.LLM_MODEL_PATH:
        return {"ok": False, "detail": "LLM_MODEL_PATH is not set"}
    path = Path(settings.LLM_MODEL_PATH)
    try:
        with path.open("rb") as model_file:
            magic = model_file.read(len(GGUF_MAGIC))
    except OSError as exc:
        return {"ok": False, "name": path.name, "detail": exc.__class__.__name__}
    if magic != GGUF_MAGIC:
        return {"ok": False, "name": path.name, "detail": "not a GGUF file"}
    return {"ok": True, "name": path.name, "size_bytes": path.stat().st_size}


def liveness() -> tuple[bool, dict]:
    database = check_database()
    return database["ok"], {"database": database}


def readiness_report() -> tuple[int, dict]:
    """(HTTP status, body): 503 only when the database is down; a broker or model failure is
    "degraded" with 200."""
    checks = {"database": check_database(), "broker": check_broker(), "model": check_model()}
    if not checks["database"]["ok"]:
        status, code = "unavailable", 503
    elif all(check["ok"] for check in checks.values()):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    for name, check in checks.items():
        check["fatal"] = name == "database"
    return code, {"status": status, "checks": checks}
