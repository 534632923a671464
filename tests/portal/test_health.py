"""Health endpoints: liveness (`/healthz`) fails only with the database; the readiness report
(`/healthz/ready`) shows the broker and the model as "degraded" with 200, the database as
fatal (503). The model check loads the backend and reads the file's GGUF magic bytes."""

import sys
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper

from config.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    yield
    app.conf.broker_url = previous


@pytest.fixture
def database_down():
    with mock.patch.object(
        BaseDatabaseWrapper, "cursor", side_effect=OperationalError("connection refused")
    ):
        yield


def test_liveness_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": {"ok": True, "vendor": connection.vendor}},
    }


def test_liveness_is_503_when_the_database_is_unreachable(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "detail": "OperationalError"}


def test_liveness_stays_200_when_the_broker_is_down(client, broker_down):
    assert client.get("/healthz").status_code == 200


def test_readiness_reports_each_dependency(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "broker", "model"}
    assert body["checks"]["model"]["name"] == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert body["checks"]["database"]["fatal"] is True
    assert body["checks"]["broker"]["fatal"] is False


def test_readiness_is_degraded_not_503_when_the_broker_is_down(client, broker_down):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_readiness_is_503_when_the_database_is_unreachable(client, database_down):
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_a_missing_model_file_is_degraded(client, settings):
    settings.LLM_MODEL_PATH = "/nonexistent/model.gguf"
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["model"] == {
        "ok": False,
        "name": "model.gguf",
        "detail": "FileNotFoundError",
        "fatal": False,
    }


def test_a_file_that_is_not_a_gguf_model_is_degraded(client, settings, tmp_path):
    truncated = tmp_path / "model.gguf"
    truncated.write_bytes(b"<html>404</html>")  # e.g. an error page saved by a failed download
    settings.LLM_MODEL_PATH = str(truncated)
    model = client.get("/healthz/ready").json()["checks"]["model"]
    assert (model["ok"], model["detail"]) == (False, "not a GGUF file")


def test_an_unreadable_model_file_is_degraded(client, settings, tmp_path):
    settings.LLM_MODEL_PATH = str(tmp_path)  # a directory: exists, cannot be read as a file
    model = client.get("/healthz/ready").json()["checks"]["model"]
    assert (model["ok"], model["detail"]) == (False, "IsADirectoryError")


def test_a_backend_that_cannot_load_is_degraded(client, monkeypatch):
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # "import llama_cpp" fails
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json()["checks"]["model"]["detail"] == "llama_cpp: ModuleNotFoundError"
