"""Broker outage: recourse requests filed while the broker is up, down, then up again.

Starts its own Redis (a free port on 127.0.0.1) as the Celery broker and a Celery worker in a
thread, files recourse requests through the full Django stack (the page's form), stops Redis,
files more, restarts it, runs the outbox's beat task once, and prints: requests filed, 5xx
answers, the median (p50) and p95 time to file a request with the broker up and down, and the
emails delivered (each acknowledgement must leave exactly once).

    .venv/bin/python bench/broker_outage.py [--requests 40]

It never touches your own data: it creates and then destroys a test database.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("REGISTER_RECOURSE_LIMIT_PER_IP", "1000000/hour")
os.environ.setdefault("REGISTER_RECOURSE_LIMIT_PER_EMAIL", "1000000/day")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Redis:
    """A throwaway redis-server this script starts and stops by its own process id."""

    def __init__(self, port: int):
        self.port = port
        self.process = None
        self.workdir = tempfile.mkdtemp(prefix="bench-redis-")

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", self.workdir],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def file_requests(client, url: str, count: int, tag: str) -> tuple[list[float], int]:
    samples, errors = [], 0
    for i in range(count):
        data = {
            "email": f"{tag}-{i}@example.org",
            "request": "Je demande un réexamen de la décision.",
            "consent": "on",
        }
        start = time.perf_counter()
        response = client.post(url, data)
        samples.append(time.perf_counter() - start)
        errors += response.status_code >= 500
    return samples, errors


def p(samples: list[float], q: float) -> float:
    return sorted(samples)[min(len(samples) - 1, int(q * len(samples)))] * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40, help="requests per phase")
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        print("Broker outage — skipped: redis-server is not installed")
        return 0

    redis = Redis(free_port())
    redis.start()
    os.environ["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{redis.port}/0"
    import django

    django.setup()
    from celery.contrib.testing.worker import start_worker
    from django.core import mail
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from config.celery import app
    from core.models import OutboxMessage
    from core.outbox import outbox_deliver_due

    setup_test_environment()  # emails go to django.core.mail.outbox
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from django.core.management import call_command

        call_command("createcachetable", verbosity=0)
        from tests.register.factories import published_system

        url = reverse("register:recourse", args=[published_system().slug])
        client = Client()
        n = args.requests
        print(f"Broker outage — {connection.vendor}, {n} recourse requests per phase")

        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            file_requests(client, url, 3, "warmup")
            up, up_5xx = file_requests(client, url, n, "up")
            deadline = time.monotonic() + 30
            while OutboxMessage.objects.filter(sent_at__isnull=True).exists():
                if time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            sent_by_worker = len(mail.outbox)

            redis.stop()
            down, down_5xx = file_requests(client, url, n, "down")
            pending_while_down = OutboxMessage.objects.filter(sent_at__isnull=True).count()

            redis.start()
            sent_by_beat = outbox_deliver_due()
            sent_again = outbox_deliver_due()  # a second run sends nothing

        per_address = Counter(address for message in mail.outbox for address in message.to)
        filed = n * 2 + 3
        print(f"  requests filed            {filed} ({n} broker up, {n} broker down, 3 warm-up)")
        print(f"  5xx answers               {up_5xx + down_5xx}")
        print(f"  p50 / p95 broker up       {p(up, 0.5):7.1f} / {p(up, 0.95):7.1f} ms")
        print(f"  p50 / p95 broker down     {p(down, 0.5):7.1f} / {p(down, 0.95):7.1f} ms")
        print(
            f"  mean broker up / down     {statistics.mean(up) * 1000:7.1f} / "
            f"{statistics.mean(down) * 1000:7.1f} ms"
        )
        print(f"  sent by the worker        {sent_by_worker}")
        print(f"  left in the outbox (down) {pending_while_down}")
        print(f"  sent by outbox_retry      {sent_by_beat} (then {sent_again} on a second run)")
        print(
            f"  emails delivered          {len(mail.outbox)} to {len(per_address)} addresses, "
            f"{sum(1 for c in per_address.values() if c > 1)} addresses got more than one"
        )
        ok = len(mail.outbox) == filed and len(per_address) == filed and not (up_5xx + down_5xx)
        print("  every acknowledgement delivered exactly once:", "yes" if ok else "NO")
        return 0 if ok else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        redis.cleanup()


if __name__ == "__main__":
    sys.exit(main())
