"""A real `python -m llama_cpp.server` with the bundled model, for the tests that talk to an
inference node over HTTP (the inference bridge's, the workspace's embeddings and socket guard)."""

import os
import socket
import subprocess
import sys
import time

import httpx
from django.conf import settings as django_settings

MODEL_ALIAS = "smollm2-135m-instruct"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LlamaServer:
    """`python -m llama_cpp.server` on 127.0.0.1:<free port>, with the bundled model."""

    def __init__(self, port: int | None = None, *, embedding: bool = False):
        self.port = port or free_port()
        self.embedding = embedding  # also serve /v1/embeddings (one vector per token)
        self.proc = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> "LlamaServer":
        cmd = [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            django_settings.LLM_MODEL_PATH,
            "--model_alias",
            MODEL_ALIAS,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--interrupt_requests",
            "False",
            "--n_ctx",
            "1024",
            "--n_threads",
            "1",
        ]
        if self.embedding:
            cmd += ["--embedding", "true"]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("llama_cpp.server exited at start")
            try:
                if httpx.get(self.base_url + "/v1/models", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("llama_cpp.server did not start in time")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
