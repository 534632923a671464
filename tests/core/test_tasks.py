"""core.tasks: a service queues a task by name, after commit, and a broker outage never raises."""

import socket
import threading

import pytest
from celery import shared_task

from config.celery import app
from core import tasks as core_tasks
from core.tasks import task_send, task_send_on_commit
from tests.helpers import wait_until

RAN: list[tuple] = []


@shared_task(name="tests.core.record")
def record(*args) -> int:
    RAN.append(args)
    return len(RAN)


@pytest.fixture(autouse=True)
def _clean():
    RAN.clear()
    yield
    RAN.clear()


def _forget_broker_connections():
    """Celery keeps its first broker connection pool: drop it so the new broker_url is used."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there once closed
    old = (app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_connection_timeout)
    app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    app.conf.task_always_eager = False
    app.conf.broker_connection_timeout = 1
    _forget_broker_connections()
    yield
    app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_connection_timeout = old
    _forget_broker_connections()


def test_a_task_is_found_by_its_registered_name_and_sent_with_its_arguments():
    assert task_send("tests.core.record", 7, "x") is True
    assert RAN == [(7, "x")]


@pytest.mark.django_db
def test_a_task_is_sent_only_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        task_send_on_commit("tests.core.record", 1)
        assert RAN == []  # not before the commit
    assert len(callbacks) == 1
    assert RAN == [(1,)]


def test_outside_the_web_server_a_task_runs_inline(settings, monkeypatch):
    # seed_demo or any command: its process would exit before a background thread ends.
    settings.TASKS_EAGER_IN_THREAD = True
    monkeypatch.setattr(core_tasks, "_background_allowed", False)
    assert task_send("tests.core.record", 2) is True
    assert RAN == [(2,)]


def test_a_broker_outage_is_reported_not_raised(broker_down, caplog):
    assert task_send("tests.core.record", 1) is False
    assert RAN == []
    assert "tests.core.record not queued" in caplog.text


@shared_task(name="tests.core.wait_for_release")
def wait_for_release() -> None:
    released = RELEASE.wait(timeout=10)
    RAN.append((threading.current_thread().name, released))


RELEASE = threading.Event()


def test_without_a_broker_a_task_runs_in_a_background_thread_and_the_sender_goes_on(
    settings, monkeypatch
):
    settings.TASKS_EAGER_IN_THREAD = True
    monkeypatch.setattr(core_tasks, "_background_allowed", True)  # as in the web server
    RELEASE.clear()
    assert task_send("tests.core.wait_for_release") is True
    # The sender is back while the task still waits: run inline, it would have waited 10 s and
    # recorded itself before task_send returned.
    assert RAN == []
    RELEASE.set()
    wait_until(lambda: RAN, timeout=10, what="the task to finish")
    assert RAN == [("task tests.core.wait_for_release", True)]
