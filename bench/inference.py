"""Inference benchmark: direct llama-cpp-python vs the sandbox's SSE endpoint vs the agents' API.

Then 8 concurrent sandbox users: all served? FIFO fairness of the waiting queue, p50/p95 wait.

Run: `.venv/bin/python bench/inference.py` (starts uvicorn on a free port with a throwaway
SQLite database; prints figures; stops everything it started).
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROMPTS = [
    "What is a public library? Answer in two sentences.",
    "Give three tips to save energy at home.",
    "Explain what a city council does.",
]
MAX_TOKENS = 64
CONCURRENT_USERS = 8
MODEL_ALIAS = "smollm2-135m-instruct"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def setup_environment(db_path: str) -> dict:
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "INFERENCE_QUOTA_USER": "10000/hour",
        "INFERENCE_QUOTA_ANON_SESSION": "10000/hour",
        "INFERENCE_QUOTA_ANON_IP": "10000/hour",
        "INFERENCE_MAX_CONCURRENT": os.environ.get("INFERENCE_MAX_CONCURRENT", "2"),
        "INFERENCE_QUEUE_SIZE": os.environ.get("INFERENCE_QUEUE_SIZE", "8"),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    return env


def make_token() -> str:
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import Role
    from inference_bridge.services import (
        api_token_create,
        collectivity_home,
        node_in_process_ensure,
    )

    node_in_process_ensure()
    user = User.objects.create_user(email="bench@example.org", password=None)
    user.groups.add(Group.objects.get_or_create(name=str(Role.AGENT))[0])
    return api_token_create(user=user, collectivity=collectivity_home(), name="bench")[1]


# --- 1. direct --------------------------------------------------------------------------


def bench_direct() -> list[dict]:
    from django.conf import settings
    from llama_cpp import Llama

    llm = Llama(model_path=settings.LLM_MODEL_PATH, n_ctx=settings.INFERENCE_N_CTX, verbose=False)
    llm.create_chat_completion([{"role": "user", "content": "Hello"}], max_tokens=4)  # warm up
    results = []
    for prompt in PROMPTS:
        start = time.perf_counter()
        first = None
        text = []
        for chunk in llm.create_chat_completion(
            [{"role": "user", "content": prompt}],
            stream=True,
            max_tokens=MAX_TOKENS,
            temperature=0.0,
        ):
            piece = chunk["choices"][0]["delta"].get("content")
            if piece:
                first = first or time.perf_counter()
                text.append(piece)
        end = time.perf_counter()
        tokens = len(llm.tokenize("".join(text).encode(), add_bos=False))
        results.append(measure(start, first, end, tokens))
    llm.close()
    return results


def measure(start, first, end, tokens) -> dict:
    first = first or end
    decode = end - first
    return {
        "ttft_s": first - start,
        "total_s": end - start,
        "tokens": tokens,
        "tok_per_s": tokens / (end - start) if end > start else 0.0,
        "decode_tok_per_s": (tokens - 1) / decode if decode > 0 and tokens > 1 else float("nan"),
    }


# --- 2. sandbox SSE ---------------------------------------------------------------------


def sandbox_client(base: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=300, trust_env=False)
    client.get("/sandbox/")
    csrf = client.cookies.get("csrftoken")
    client.post(
        "/sandbox/accept/",
        data={"acknowledge": "on", "csrfmiddlewaretoken": csrf},
        headers={"X-CSRFToken": csrf},
    )
    return client, csrf


def sandbox_ask(client, csrf, prompt, max_tokens=MAX_TOKENS) -> dict:
    start = time.perf_counter()
    first = None
    admitted = None
    usage = {}
    positions = []
    with client.stream(
        "POST",
        "/sandbox/stream/",
        data={"prompt": prompt, "temperature": "0", "max_tokens": str(max_tokens)},
        headers={"X-CSRFToken": csrf},
    ) as response:
        if response.status_code != 200:
            return {"status": response.status_code}
        event = None
        for line in response.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data = json.loads(line[6:])
                if event == "queue":
                    positions.append(data["position"])
                elif event == "node":
                    admitted = time.perf_counter()
                elif event == "delta" and first is None:
                    first = time.perf_counter()
                elif event == "usage":
                    usage = data
                elif event == "error":
                    return {"status": data.get("status"), "error": data}
    end = time.perf_counter()
    result = measure(start, first, end, usage.get("completion_tokens", 0))
    result.update(
        status=200,
        queue_ms=usage.get("queue_ms", 0),
        positions=positions,
        admitted=admitted,
        start=start,
    )
    return result


def bench_sandbox(base: str) -> list[dict]:
    client, csrf = sandbox_client(base)
    sandbox_ask(client, csrf, "Hello", max_tokens=4)  # warm the server's model
    return [sandbox_ask(client, csrf, p) for p in PROMPTS]


# --- 3. agents' API (official openai client) ---------------------------------------------


def bench_api(base: str, token: str) -> list[dict]:
    from openai import OpenAI

    client = OpenAI(base_url=base + "/v1", api_key=token, max_retries=0)
    results = []
    for prompt in PROMPTS:
        start = time.perf_counter()
        first = None
        usage = None
        for chunk in client.chat.completions.create(
            model=MODEL_ALIAS,
            messages=[{"role": "user", "content": prompt}],
            max_tokens=MAX_TOKENS,
            temperature=0,
            stream=True,
            stream_options={"include_usage": True},
        ):
            if chunk.choices and chunk.choices[0].delta.content and first is None:
                first = time.perf_counter()
            if chunk.usage:
                usage = chunk.usage
        end = time.perf_counter()
        results.append(measure(start, first, end, usage.completion_tokens if usage else 0))
    return results


# --- 4. concurrent users ------------------------------------------------------------------


def bench_concurrent(base: str) -> dict:
    clients = [sandbox_client(base) for _ in range(CONCURRENT_USERS)]
    results: list[dict | None] = [None] * CONCURRENT_USERS
    arrivals = [0.0] * CONCURRENT_USERS

    def user(i):
        client, csrf = clients[i]
        arrivals[i] = time.perf_counter()
        results[i] = sandbox_ask(client, csrf, PROMPTS[i % len(PROMPTS)], max_tokens=64)

    threads = []
    for i in range(CONCURRENT_USERS):
        t = threading.Thread(target=user, args=(i,))
        threads.append(t)
        t.start()
        time.sleep(0.05)  # a defined arrival order
    for t in threads:
        t.join()
    served = [r for r in results if r and r.get("status") == 200]
    waits = [r["queue_ms"] / 1000 for r in served]
    queued = [i for i, r in enumerate(results) if r and r.get("positions")]
    admitted_order = sorted(queued, key=lambda i: results[i]["admitted"] or 0)
    arrival_order = sorted(queued, key=lambda i: arrivals[i])
    for c, _ in clients:
        c.close()
    return {
        "served": len(served),
        "statuses": [r.get("status") if r else None for r in results],
        "queued": len(queued),
        "fifo": admitted_order == arrival_order,
        "first_positions": [results[i]["positions"][0] for i in arrival_order],
        "wait_p50": pct(waits, 0.5),
        "wait_p95": pct(waits, 0.95),
        "latency_p50": pct([r["total_s"] for r in served], 0.5),
        "latency_p95": pct([r["total_s"] for r in served], 0.95),
    }


def summary(name: str, rows: list[dict]) -> dict:
    return {
        "name": name,
        "ttft": statistics.mean(r["ttft_s"] for r in rows),
        "tps": statistics.mean(r["tok_per_s"] for r in rows),
        "decode": statistics.mean(r["decode_tok_per_s"] for r in rows),
        "tokens": sum(r["tokens"] for r in rows),
    }


def main() -> None:
    tmp = tempfile.mkdtemp(prefix="iac-bench-")
    env = setup_environment(os.path.join(tmp, "bench.sqlite3"))
    token = make_token()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/healthz", timeout=1, trust_env=False)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        print(f"SmolLM2-135M-Instruct Q4_1, {len(PROMPTS)} prompts, max_tokens={MAX_TOKENS}")
        print(f"cores: {os.cpu_count()}; uvicorn 1 worker on {base}\n")
        direct = summary("direct llama-cpp-python", bench_direct())
        sandbox = summary("sandbox SSE (/sandbox/stream/)", bench_sandbox(base))
        api = summary("agents' API (openai client, stream)", bench_api(base, token))
        print(f"{'path':40} {'TTFT s':>8} {'tok/s':>8} {'decode tok/s':>13} {'tokens':>7}")
        for row in (direct, sandbox, api):
            print(
                f"{row['name']:40} {row['ttft']:8.3f} {row['tps']:8.1f} "
                f"{row['decode']:13.1f} {row['tokens']:7d}"
            )
        for row in (sandbox, api):
            print(
                f"ratio {row['name'][:28]:28} vs direct: TTFT ×{row['ttft'] / direct['ttft']:.2f}, "
                f"tok/s ×{row['tps'] / direct['tps']:.2f}"
            )
        print(f"\n{CONCURRENT_USERS} concurrent sandbox users (max_tokens=64):")
        c = bench_concurrent(base)
        print(f"  served: {c['served']}/{CONCURRENT_USERS} (statuses {c['statuses']})")
        print(
            f"  queued: {c['queued']}, first positions seen (arrival order): {c['first_positions']}"
        )
        print(f"  FIFO admission order respected: {c['fifo']}")
        print(f"  waiting time p50 {c['wait_p50']:.2f} s, p95 {c['wait_p95']:.2f} s")
        print(f"  end-to-end latency p50 {c['latency_p50']:.2f} s, p95 {c['latency_p95']:.2f} s")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
