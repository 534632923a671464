"""Inference benchmark: what the bridge adds to the time to first token and the token rate.

Against baselines measured in the same run, interleaved request by request (the order rotates
every round), paired medians:

1. remote node: a `python -m llama_cpp.server` on 127.0.0.1 called directly (the baseline) vs
   the agents' API (`/v1/chat/completions`) and the sandbox's SSE endpoint routed to it (and
   LiteLLM's proxy in front of the same node, if `litellm` is installed);
2. in-process model: llama-cpp-python called in this process (the baseline) vs the agents' API
   and the sandbox served by the web process's own model;
3. (unless --no-concurrent) 8 concurrent sandbox users: all served? FIFO admission? waits.

Each request carries a unique nonce at the start of its question, so no request reuses another's
prompt cache on the node. The time to first token (TTFT) is from sending the request to the
first text delta; the token rate is (deltas − 1) / (last delta − first delta), one delta being one
token on every path.

Run: `.venv/bin/python bench/inference.py` (starts uvicorn and the node on free ports with a
throwaway SQLite database; prints figures; stops everything it started). Options: --pairs N
(default 18), --max-tokens 64|128|256 (the sandbox's choices, default 64), --cache-url URL (the web process's CACHE_URL, default
its own default), --app-dir DIR (serve another checkout of the code, e.g. the one before a
change), --compare-app-dir DIR (serve that checkout too, from a second web process asked in
the same interleaved rounds: before and after measured at the same moment), --no-concurrent.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    "Write a short story about a public library in Paris.",
    "Explain in detail what a city council does.",
    "Describe how a bicycle works, part by part.",
]
MODEL_ALIAS = "smollm2-135m-instruct"
CONCURRENT_USERS = 8


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return "n/a"


def wait_http(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2, trust_env=False).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in time")


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# --- Set-up: throwaway database, a token, nodes --------------------------------------------


def setup_environment(db_path: str, cache_url: str | None) -> dict:
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "INFERENCE_DEFAULT_MODEL": MODEL_ALIAS,
        "INFERENCE_QUOTA_USER": "100000/hour",
        "INFERENCE_QUOTA_ANON_SESSION": "100000/hour",
        "INFERENCE_QUOTA_ANON_IP": "100000/hour",
        "INFERENCE_MAX_CONCURRENT": os.environ.get("INFERENCE_MAX_CONCURRENT", "2"),
        "INFERENCE_QUEUE_SIZE": os.environ.get("INFERENCE_QUEUE_SIZE", "8"),
        "LOG_LEVEL": "WARNING",
        # The production setting (README): the generation threads keep their connection.
        "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
    }
    if cache_url:
        env["CACHE_URL"] = cache_url
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
    from inference_bridge.services import api_token_create, collectivity_home

    user = User.objects.create_user(
        email=f"bench-{uuid.uuid4().hex[:8]}@example.org", password=None
    )
    user.groups.add(Group.objects.get_or_create(name=str(Role.AGENT))[0])
    return api_token_create(user=user, collectivity=collectivity_home(), name="bench")[1]


def use_nodes(*, remote_url: str | None) -> None:
    """Serve the alias from the remote node only, or from the in-process model only."""
    from inference_bridge.models import InferenceNode
    from inference_bridge.services import collectivity_home, node_in_process_ensure

    local = node_in_process_ensure()
    local.status = "disabled" if remote_url else "active"
    local.save()
    InferenceNode.objects.exclude(pk=local.pk).delete()
    if remote_url:
        InferenceNode.objects.create(
            name="bench node",
            operator=collectivity_home(),
            engine="llama_cpp_python",
            base_url=remote_url,
            model_alias=MODEL_ALIAS,
            slots=1,
            hosting_zone="FR",
        )


# --- A stand-in node: the bridge's own cost, without the model's noise -------------------

FAKE_TTFT_S = 0.020  # "prompt evaluation"
FAKE_INTERVAL_S = 0.010  # 100 tokens a second


async def fake_node(scope, receive, send):
    """An OpenAI-compatible node that answers in fixed times (ASGI, served by uvicorn): with it
    every millisecond of difference between the direct call and the bridge is the bridge's."""
    import asyncio

    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    if scope["path"] == "/v1/models":
        payload = json.dumps({"object": "list", "data": [{"id": MODEL_ALIAS, "object": "model"}]})
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": payload.encode()})
        return
    request = json.loads(body or b"{}")
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/event-stream")],
        }
    )
    await asyncio.sleep(FAKE_TTFT_S)

    def event(delta: dict, finish=None) -> dict:
        chunk = {
            "id": "fake",
            "object": "chat.completion.chunk",
            "model": MODEL_ALIAS,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return {
            "type": "http.response.body",
            "body": f"data: {json.dumps(chunk)}\n\n".encode(),
            "more_body": True,
        }

    await send(event({"role": "assistant"}))
    for i in range(int(request.get("max_tokens") or 16)):
        if i:
            await asyncio.sleep(FAKE_INTERVAL_S)
        await send(event({"content": f" w{i}"}))
    await send(event({}, "length"))
    await send({"type": "http.response.body", "body": b"data: [DONE]\n\n", "more_body": False})


def start_fake_node() -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            str(Path(__file__).parent),
            "inference:fake_node",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
    )
    base = f"http://127.0.0.1:{port}"
    wait_http(base + "/v1/models")
    return proc, base


# --- Processes: the web server, the node, LiteLLM -----------------------------------------


def start_web(env: dict, app_dir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
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
        cwd=app_dir,
        env={**env, "PYTHONPATH": str(app_dir)},
    )
    base = f"http://127.0.0.1:{port}"
    wait_http(base + "/healthz")
    return proc, base


def start_node(model_path: str, n_ctx: int, n_threads: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        model_path,
        "--model_alias",
        MODEL_ALIAS,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--interrupt_requests",
        "False",
        "--n_ctx",
        str(n_ctx),
    ]
    if n_threads:
        cmd += ["--n_threads", str(n_threads)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_http(base + "/v1/models")
    return proc, base


def start_litellm(node_url: str, tmp: str) -> tuple[subprocess.Popen | None, str | None]:
    """LiteLLM's proxy in front of the same node, only if it is installed (never installed here)."""
    exe = shutil.which("litellm") or (
        str(Path(sys.executable).parent / "litellm")
        if (Path(sys.executable).parent / "litellm").exists()
        else None
    )
    if exe is None:
        return None, None
    config = Path(tmp) / "litellm.yaml"
    config.write_text(
        "model_list:\n"
        f"  - model_name: {MODEL_ALIAS}\n"
        "    litellm_params:\n"
        f"      model: openai/{MODEL_ALIAS}\n"
        f"      api_base: {node_url}/v1\n"
        "      api_key: none\n"
    )
    port = free_port()
    proc = subprocess.Popen(
        [exe, "--config", str(config), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/health/liveliness", timeout=120)
    except RuntimeError:
        stop(proc)
        return None, None
    return proc, base


# --- One request on each path, measured the same way --------------------------------------


def question(i: int) -> str:
    return f"[{uuid.uuid4().hex[:8]}] {QUESTIONS[i % len(QUESTIONS)]}"


def measure(start: float, stamps: list[float]) -> dict:
    if not stamps:
        return {"ttft": float("nan"), "rate": float("nan"), "deltas": 0}
    span = stamps[-1] - stamps[0]
    rate = (len(stamps) - 1) / span if span > 0 and len(stamps) > 1 else float("nan")
    return {"ttft": stamps[0] - start, "rate": rate, "deltas": len(stamps)}


def openai_stream(client: httpx.Client, url: str, prompt: str, max_tokens: int, key: str) -> dict:
    """An OpenAI-style streamed chat completion (the node itself, the agents' API, LiteLLM)."""
    body = {
        "model": MODEL_ALIAS,
        "messages": [{"role": "user", "content": prompt}],
        "max_tokens": max_tokens,
        "temperature": 0,
        "stream": True,
    }
    stamps: list[float] = []
    start = time.perf_counter()
    with client.stream(
        "POST", url, json=body, headers={"Authorization": f"Bearer {key}"}
    ) as response:
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code} {response.read()[:200]!r}")
        for line in response.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            data = json.loads(line[6:])
            for choice in data.get("choices") or []:
                if (choice.get("delta") or {}).get("content"):
                    stamps.append(time.perf_counter())
    return measure(start, stamps)


class Sandbox:
    def __init__(self, base: str):
        self.client = httpx.Client(base_url=base, timeout=300, trust_env=False)
        self.client.get("/sandbox/")
        self.csrf = self.client.cookies.get("csrftoken")
        self.client.post(
            "/sandbox/accept/",
            data={"acknowledge": "on", "csrfmiddlewaretoken": self.csrf},
            headers={"X-CSRFToken": self.csrf},
        )

    def ask(self, prompt: str, max_tokens: int) -> dict:
        stamps: list[float] = []
        usage: dict = {}
        positions: list[int] = []
        admitted = None
        start = time.perf_counter()
        with self.client.stream(
            "POST",
            "/sandbox/stream/",
            data={"prompt": prompt, "temperature": "0", "max_tokens": str(max_tokens)},
            headers={"X-CSRFToken": self.csrf},
        ) as response:
            if response.status_code != 200:
                raise RuntimeError(f"sandbox: HTTP {response.status_code}")
            event = None
            for line in response.iter_lines():
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    if event == "delta":
                        stamps.append(time.perf_counter())
                        continue
                    data = json.loads(line[6:])
                    if event == "queue":
                        positions.append(data["position"])
                    elif event == "node":
                        admitted = time.perf_counter()
                    elif event == "usage":
                        usage = data
                    elif event == "error":
                        raise RuntimeError(f"sandbox error: {data}")
        result = measure(start, stamps)
        result.update(
            end=time.perf_counter(),
            start=start,
            queue_ms=usage.get("queue_ms", 0),
            positions=positions,
            admitted=admitted,
        )
        return result


class RawLlama:
    """llama-cpp-python in this process, with the web process's model settings."""

    def __init__(self):
        from django.conf import settings
        from llama_cpp import Llama

        kwargs = {"n_ctx": settings.INFERENCE_N_CTX, "verbose": False}
        if settings.INFERENCE_N_THREADS:
            kwargs["n_threads"] = settings.INFERENCE_N_THREADS
        self.llm = Llama(model_path=settings.LLM_MODEL_PATH, **kwargs)

    def ask(self, prompt: str, max_tokens: int) -> dict:
        stamps: list[float] = []
        start = time.perf_counter()
        for chunk in self.llm.create_chat_completion(
            [{"role": "user", "content": prompt}],
            stream=True,
            max_tokens=max_tokens,
            temperature=0.0,
            top_p=0.95,
        ):
            if chunk["choices"][0]["delta"].get("content"):
                stamps.append(time.perf_counter())
        return measure(start, stamps)

    def close(self) -> None:
        self.llm.close()


def compared_paths(base: str, label: str, api: httpx.Client, token: str) -> dict:
    """The agents' API and the sandbox of a second web process (another checkout)."""
    sandbox = Sandbox(base)
    return {
        f"  same, {label}: agents' API": lambda p, n: openai_stream(
            api, base + "/v1/chat/completions", p, n, token
        ),
        f"  same, {label}: sandbox SSE": sandbox.ask,
    }


# --- Paired comparison --------------------------------------------------------------------


def interleave(paths: dict, pairs: int, max_tokens: int) -> dict[str, list[dict]]:
    """Round i asks every path once, in an order that rotates each round."""
    names = list(paths)
    for name in names:  # warm every path (model loaded, connections open, node list read)
        paths[name](question(0), max_tokens)
    results: dict[str, list[dict]] = {name: [] for name in names}
    for i in range(pairs):
        shift = i % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(paths[name](question(i), max_tokens))
    return results


def report(title: str, results: dict[str, list[dict]], baseline: str) -> list[str]:
    lines = [
        title,
        f"  {'path':38} {'TTFT p50 ms':>11} {'tok/s p50':>9} {'Δ TTFT ms':>9} {'tok/s ×':>7}",
    ]
    base = results[baseline]
    for name, rows in results.items():
        ttft = statistics.median(r["ttft"] for r in rows) * 1000
        rate = statistics.median(r["rate"] for r in rows)
        if name == baseline:
            lines.append(f"  {name:38} {ttft:11.1f} {rate:9.1f} {'(base)':>9} {'(base)':>7}")
            continue
        delta = statistics.median(
            (r["ttft"] - b["ttft"]) * 1000 for r, b in zip(rows, base, strict=True)
        )
        ratio = statistics.median(r["rate"] / b["rate"] for r, b in zip(rows, base, strict=True))
        lines.append(f"  {name:38} {ttft:11.1f} {rate:9.1f} {delta:+9.1f} {ratio:7.3f}")
    lines.append(
        "  (Δ TTFT: median over the pairs of (path − baseline); tok/s ×: median of the ratios)"
    )
    return lines


# --- Concurrent users ---------------------------------------------------------------------


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def bench_concurrent(base: str, max_tokens: int) -> list[str]:
    sandboxes = [Sandbox(base) for _ in range(CONCURRENT_USERS)]
    results: list[dict | None] = [None] * CONCURRENT_USERS
    arrivals = [0.0] * CONCURRENT_USERS

    def user(i):
        arrivals[i] = time.perf_counter()
        try:
            results[i] = sandboxes[i].ask(question(i), max_tokens)
        except RuntimeError as exc:
            results[i] = {"error": str(exc)}

    threads = []
    for i in range(CONCURRENT_USERS):
        t = threading.Thread(target=user, args=(i,))
        threads.append(t)
        t.start()
        time.sleep(0.05)  # a defined arrival order
    for t in threads:
        t.join()
    served = [r for r in results if r and "error" not in r]
    queued = [i for i, r in enumerate(results) if r and r.get("positions")]
    admitted_order = sorted(queued, key=lambda i: results[i]["admitted"] or 0)
    arrival_order = sorted(queued, key=lambda i: arrivals[i])
    waits = [r["queue_ms"] / 1000 for r in served]
    latencies = [r["end"] - r["start"] for r in served]
    return [
        f"{CONCURRENT_USERS} concurrent sandbox users (max_tokens={max_tokens}):",
        f"  served: {len(served)}/{CONCURRENT_USERS}; queued: {len(queued)}, first positions "
        f"(arrival order): {[results[i]['positions'][0] for i in arrival_order]}",
        f"  FIFO admission order respected: {admitted_order == arrival_order}",
        f"  waiting time p50 {pct(waits, 0.5):.2f} s, p95 {pct(waits, 0.95):.2f} s; "
        f"end-to-end p50 {pct(latencies, 0.5):.2f} s, p95 {pct(latencies, 0.95):.2f} s",
    ]


# --- Main ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=18)
    parser.add_argument(
        "--max-tokens", type=int, default=64, choices=[64, 128, 256], help="the sandbox's lengths"
    )
    parser.add_argument("--cache-url", default=None)
    parser.add_argument("--app-dir", default=str(ROOT))
    parser.add_argument(
        "--compare-app-dir",
        default=None,
        help="also serve this checkout (e.g. the code before a change) from a second web "
        "process, asked in the same interleaved rounds: before and after at the same moment",
    )
    parser.add_argument("--no-concurrent", action="store_true")
    parser.add_argument("--no-in-process", action="store_true")
    parser.add_argument(
        "--db", default=None, help="start from a copy of this migrated SQLite file (faster)"
    )
    parser.add_argument(
        "--node",
        choices=["llama", "fake", "both"],
        default="llama",
        help="the remote node: llama_cpp.server, a stand-in answering in fixed times, or both",
    )
    args = parser.parse_args()
    app_dir = Path(args.app_dir).resolve()

    tmp = tempfile.mkdtemp(prefix="iac-bench-")
    if args.db:
        import sqlite3

        with sqlite3.connect(args.db) as src, sqlite3.connect(Path(tmp) / "bench.sqlite3") as dst:
            src.backup(dst)
    env = setup_environment(os.path.join(tmp, "bench.sqlite3"), args.cache_url)
    from django.conf import settings

    token = make_token()
    print(
        f"SmolLM2-135M-Instruct Q4_1, max_tokens={args.max_tokens}, temperature 0, "
        f"{args.pairs} interleaved rounds; {os.cpu_count()} cores; uvicorn 1 worker"
    )
    print(f"web process code: {app_dir}; its cache: {args.cache_url or 'its default CACHE_URL'}")
    print(f"DB_CONN_MAX_AGE={env['DB_CONN_MAX_AGE']} (SQLite, throwaway copy)")
    print(f"load average at start: {loadavg()}\n")
    out: list[str] = []
    node = litellm = web = other = None
    compare_dir = Path(args.compare_app_dir).resolve() if args.compare_app_dir else None
    if compare_dir:
        print(f"compared with ({compare_dir.name}): {compare_dir}")
    mt = args.max_tokens
    api = httpx.Client(timeout=300, trust_env=False)
    try:
        kinds = ["fake", "llama"] if args.node == "both" else [args.node]
        for kind in kinds:
            if kind == "llama":
                node, node_url = start_node(
                    settings.LLM_MODEL_PATH, settings.INFERENCE_N_CTX, settings.INFERENCE_N_THREADS
                )
                title = "1. Remote node (bridge → llama_cpp.server):"
            else:
                node, node_url = start_fake_node()
                title = (
                    f"1. Stand-in node (first token after {FAKE_TTFT_S * 1000:.0f} ms, then "
                    f"{1 / FAKE_INTERVAL_S:.0f} tokens/s): the bridge's own cost"
                )
            use_nodes(remote_url=node_url)
            web, base = start_web(env, app_dir)
            if kind == "llama":
                litellm, litellm_url = start_litellm(node_url, tmp)
            else:
                litellm_url = None
            direct = httpx.Client(timeout=300, trust_env=False)
            sandbox = Sandbox(base)
            paths = {
                f"node called directly ({'llama_cpp.server' if kind == 'llama' else 'stand-in'})": (
                    lambda p, n, c=direct, url=node_url: openai_stream(
                        c, url + "/v1/chat/completions", p, n, "none"
                    )
                ),
                "agents' API /v1/chat/completions": lambda p, n, b=base: openai_stream(
                    api, b + "/v1/chat/completions", p, n, token
                ),
                "sandbox SSE /sandbox/stream/": sandbox.ask,
            }
            if compare_dir:
                other, other_base = start_web(env, compare_dir)
                paths.update(compared_paths(other_base, compare_dir.name, api, token))
            if litellm_url:
                proxy = httpx.Client(timeout=300, trust_env=False)
                paths["LiteLLM proxy"] = lambda p, n, c=proxy, url=litellm_url: openai_stream(
                    c, url + "/v1/chat/completions", p, n, "none"
                )
            results = interleave(paths, args.pairs, mt)
            section = report(title, results, next(iter(paths)))
            if kind == "llama" and not litellm_url:
                section.append("  LiteLLM proxy: not installed, not measured.")
            print("\n".join(section) + "\n", flush=True)
            out += section
            stop(litellm)
            stop(web)
            stop(other)
            stop(node)
            node = litellm = web = other = None

        # 2. In-process model.
        if args.no_in_process or importlib.util.find_spec("llama_cpp") is None:
            print("2. In-process model: not measured (--no-in-process, or no llama_cpp).")
            print(f"\nload average at end: {loadavg()}")
            return
        use_nodes(remote_url=None)
        web, base = start_web(env, app_dir)
        raw = RawLlama()
        sandbox = Sandbox(base)
        paths = {
            "raw llama-cpp-python (this process)": raw.ask,
            "agents' API /v1/chat/completions": lambda p, n: openai_stream(
                api, base + "/v1/chat/completions", p, n, token
            ),
            "sandbox SSE /sandbox/stream/": sandbox.ask,
        }
        if compare_dir:
            other, other_base = start_web(env, compare_dir)
            paths.update(compared_paths(other_base, compare_dir.name, api, token))
        results = interleave(paths, args.pairs, mt)
        raw.close()
        section = report(
            "2. In-process model (web process's own llama):", results, next(iter(paths))
        )
        print("\n" + "\n".join(section), flush=True)
        out += [""] + section

        if not args.no_concurrent:
            section = bench_concurrent(base, 64)
            print("\n" + "\n".join(section), flush=True)
    finally:
        stop(litellm)
        stop(web)
        stop(other)
        stop(node)
    print(f"\nload average at end: {loadavg()}")


if __name__ == "__main__":
    main()
