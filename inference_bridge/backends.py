"""Inference backends: one protocol, two implementations.

`stream_chat(messages, params, cancel)` yields text deltas (str) and finally one `Usage`.
Errors raised *before* the first delta (`NodeUnavailable`) let the router fail over to another
node; errors after it end the answer.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import math
import os
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

import httpx
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


class BackendError(Exception):
    """An inference failure; `code` is machine-readable, the message is safe to show."""

    code = "backend_error"


class NodeUnavailable(BackendError):
    """The node could not start answering (down, timeout, 5xx): try another one."""

    code = "node_unavailable"


class UpstreamError(BackendError):
    """The node failed while answering, or reported an error inside its stream."""

    code = "upstream_error"


class UpstreamRejected(BackendError):
    """The node refused the request itself (4xx): another node would refuse it too."""

    code = "upstream_rejected"


class PromptTooLong(BackendError):
    code = "context_length_exceeded"

    def __init__(self, *, limit: int, tokens: int | None = None, unit: str = "tokens"):
        self.limit = limit
        self.tokens = tokens
        self.unit = unit
        super().__init__(f"The prompt is too long: the limit is {limit} {unit}.")


@dataclass
class GenerationParams:
    max_tokens: int
    temperature: float = 0.7
    top_p: float = 0.95
    stop: list[str] = field(default_factory=list)
    # The model writes until max_tokens (tests and benchmarks that need an answer of a known
    # length: a small model sometimes ends after one sentence).
    ignore_eos: bool = False


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    ttft_s: float | None = None
    duration_s: float = 0.0
    finish_reason: str = "stop"
    # True when the node did not report its token counts and they were counted here
    # (`estimate_prompt_tokens`): the ledger shows them as "≈".
    tokens_estimated: bool = False

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class CancelToken:
    """Set by the stop button, a closed connection or a stop request from another process.

    The process-local event is checked between every token. A stop sent to the process running
    the generation sets that event directly (`generation_stop`, through the registry of running
    generations); one sent to another web process is written to the shared cache, which each
    generation reads at most once every `POLL_SECONDS`: a few cache reads per answer, never one
    per token.
    """

    POLL_SECONDS = 1.0

    def __init__(self, generation_id: str | None = None):
        self._event = threading.Event()
        self.generation_id = generation_id
        self._last_poll = time.monotonic()
        if generation_id:
            with _running_lock:
                _running[generation_id] = self

    @staticmethod
    def cache_key(generation_id: str) -> str:
        return f"ib:cancel:{generation_id}"

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        if self._event.is_set():
            return True
        if self.generation_id:
            now = time.monotonic()
            if now - self._last_poll >= self.POLL_SECONDS:
                self._last_poll = now
                if cache.get(self.cache_key(self.generation_id)):
                    self._event.set()
                    return True
        return False


_running_lock = threading.Lock()
_running: weakref.WeakValueDictionary[str, CancelToken] = weakref.WeakValueDictionary()


def generation_stop(generation_id: str) -> None:
    """Stop a generation: at once if it runs in this process, else through the shared cache."""
    with _running_lock:
        token = _running.get(generation_id)
    if token is not None:
        token.set()
        return
    cache.set(CancelToken.cache_key(generation_id), 1, 600)


class Backend(Protocol):
    def stream_chat(
        self,
        messages: list[dict],
        params: GenerationParams,
        cancel: CancelToken | None = None,
    ) -> Iterator[str | Usage]: ...


# --- In-process llama-cpp-python ---------------------------------------------------------

_model_lock = threading.Lock()  # guards loading
_generation_lock = threading.Lock()  # a llama context is not thread-safe: one call at a time
_model = None
_model_pid: int | None = None


def get_local_model():
    """The process's single Llama, loaded on first use (never at import, never before a fork).

    If the process was forked after loading (prefork servers), the child loads its own copy.
    """
    global _model, _model_pid
    if _model is not None and _model_pid == os.getpid():
        return _model
    with _model_lock:
        if _model is None or _model_pid != os.getpid():
            from llama_cpp import Llama

            path = settings.LLM_MODEL_PATH
            if not path or not os.path.exists(path):
                raise NodeUnavailable("The local model file is missing (LLM_MODEL_PATH).")
            kwargs = {"n_ctx": settings.INFERENCE_N_CTX, "verbose": False}
            if settings.INFERENCE_N_THREADS:
                kwargs["n_threads"] = settings.INFERENCE_N_THREADS
            _model = Llama(model_path=path, **kwargs)
            _model_pid = os.getpid()
            atexit.register(_close_local_model)
    return _model


def _close_local_model() -> None:
    """Free the model and the tokenizer before the interpreter tears llama_cpp's module
    globals down (else `Llama.__del__` fails noisily at exit)."""
    global _model, _tokenizer
    for loaded in (_model, _tokenizer):
        if loaded is not None:
            with contextlib.suppress(Exception):  # best effort at exit
                loaded.close()
    _model = _tokenizer = None


def local_model_loaded() -> bool:
    return _model is not None and _model_pid == os.getpid()


_end_tokens: dict[int, list[int]] = {}


def end_of_generation_tokens(llm) -> list[int]:
    """Every token that ends a generation (EOS, end of turn…), found once per loaded model."""
    key = id(llm)
    if key not in _end_tokens:
        import llama_cpp

        vocab = llama_cpp.llama_model_get_vocab(llm.model)
        _end_tokens[key] = [
            token for token in range(llm.n_vocab()) if llama_cpp.llama_vocab_is_eog(vocab, token)
        ]
    return _end_tokens[key]


_NO_TEMPLATE = object()


def prompt_formatter(llm):
    """The model's chat template, compiled once per loaded model (compiling the Jinja template
    costs more than rendering it); None when the model has none."""
    formatter = getattr(llm, "_iac_prompt_formatter", None)
    if formatter is None:
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        template = llm.metadata.get("tokenizer.chat_template")
        if template:
            eos = llm.detokenize([llm.token_eos()]).decode("utf-8", "ignore")
            bos = llm.detokenize([llm.token_bos()]).decode("utf-8", "ignore")
            formatter = Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos)
        else:
            formatter = _NO_TEMPLATE
        llm._iac_prompt_formatter = formatter
    return None if formatter is _NO_TEMPLATE else formatter


class LocalLlamaBackend:
    """llama-cpp-python in this process."""

    def count_prompt_tokens(self, llm, messages: list[dict]) -> int:
        formatter = prompt_formatter(llm)
        if formatter is not None:
            prompt = formatter(messages=messages).prompt
        else:
            prompt = "\n".join(f"{m['role']}: {m['content']}" for m in messages)
        return len(llm.tokenize(prompt.encode("utf-8"), add_bos=True, special=True))

    def stream_chat(
        self,
        messages: list[dict],
        params: GenerationParams,
        cancel: CancelToken | None = None,
    ) -> Iterator[str | Usage]:
        llm = get_local_model()
        # Wait for the context, but give up at once if the visitor left meanwhile.
        while not _generation_lock.acquire(timeout=0.2):
            if cancel is not None and cancel.is_set():
                yield Usage(finish_reason="cancelled")
                return
        try:
            started = time.monotonic()
            n_ctx = llm.n_ctx()
            max_tokens = max(1, int(params.max_tokens))
            prompt_tokens = self.count_prompt_tokens(llm, messages)
            limit = n_ctx - max_tokens
            if prompt_tokens > limit:
                raise PromptTooLong(limit=limit, tokens=prompt_tokens)
            logit_bias = None
            if params.ignore_eos:
                logit_bias = {token: float("-inf") for token in end_of_generation_tokens(llm)}
            stream = llm.create_chat_completion(
                messages=messages,
                stream=True,
                max_tokens=max_tokens,
                temperature=float(params.temperature),
                top_p=float(params.top_p),
                stop=params.stop or None,
                logit_bias=logit_bias,
            )
            ttft = None
            pieces: list[str] = []
            finish = "stop"
            try:
                for chunk in stream:
                    if cancel is not None and cancel.is_set():
                        finish = "cancelled"
                        break
                    choice = chunk["choices"][0]
                    text = choice.get("delta", {}).get("content") or ""
                    if text:
                        if ttft is None:
                            ttft = time.monotonic() - started
                        pieces.append(text)
                        yield text
                    if choice.get("finish_reason"):
                        finish = choice["finish_reason"]
            finally:
                stream.close()  # stops llama.cpp's token loop when cancelled
            completion = "".join(pieces)
            completion_tokens = (
                len(llm.tokenize(completion.encode("utf-8"), add_bos=False, special=False))
                if completion
                else 0
            )
            yield Usage(
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                ttft_s=ttft,
                duration_s=time.monotonic() - started,
                finish_reason=finish,
            )
        finally:
            _generation_lock.release()


# --- Counting a remote node's prompt when it does not say --------------------------------

_tokenizer_lock = threading.Lock()
_tokenizer = None
_tokenizer_pid: int | None = None


def local_tokenizer():
    """The local model's vocabulary alone (`vocab_only`: no weights, loads in milliseconds),
    once per process; None when there is no local model file."""
    global _tokenizer, _tokenizer_pid
    path = settings.LLM_MODEL_PATH
    if not path or not os.path.exists(path):
        return None
    with _tokenizer_lock:
        if _tokenizer is None or _tokenizer_pid != os.getpid():
            from llama_cpp import Llama

            _tokenizer = Llama(model_path=path, vocab_only=True, verbose=False)
            _tokenizer_pid = os.getpid()
            atexit.register(_close_local_model)
    return _tokenizer


def estimate_prompt_tokens(node, messages: list[dict]) -> int:
    """Prompt tokens of a request to `node`, counted here.

    `llama_cpp.server` sends no usage in streams. When the node serves the same model as the
    local file (same alias), its tokenizer and chat template give the exact count; otherwise
    four characters a token is the usual estimate."""
    if settings.INFERENCE_DEFAULT_MODEL in (node.model_alias, node.upstream_model):
        try:
            tokenizer = local_tokenizer()
            if tokenizer is not None:
                with _tokenizer_lock:
                    return LocalLlamaBackend().count_prompt_tokens(tokenizer, messages)
        except Exception:  # noqa: BLE001 - an estimate must never fail a finished answer
            logger.warning("local tokenizer unavailable; estimating prompt tokens from length")
    characters = sum(len(str(m.get("content", ""))) + len(str(m.get("role", ""))) for m in messages)
    return max(1, math.ceil(characters / 4))


# --- Remote OpenAI-compatible node -------------------------------------------------------

PROBE_TIMEOUT = "timeout"  # how a probe's error starts when the node did not answer in time


def iter_sse(lines: Iterator[str]) -> Iterator[tuple[str, str]]:
    """Server-sent events from a stream of lines: (event name, data). One chunk ≠ one event."""
    event, data = "message", []
    for raw in lines:
        line = raw.rstrip("\r")
        if line == "":
            if data:
                yield event, "\n".join(data)
            event, data = "message", []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "data":
            data.append(value)
        elif name == "event":
            event = value
    if data:
        yield event, "\n".join(data)


def _error_message(payload) -> str:
    if isinstance(payload, dict):
        err = payload.get("error", payload)
        if isinstance(err, dict):
            return str(err.get("message") or err.get("detail") or err)[:300]
        return str(err)[:300]
    return str(payload)[:300]


_clients_lock = threading.Lock()
_clients: dict[int, tuple[tuple, httpx.Client]] = {}
_clients_pid: int | None = None


def node_client(node) -> httpx.Client:
    """One HTTP client (a pool of kept-alive connections) per node and process, shared by every
    request to that node (httpx clients are thread-safe): no new TCP connection and no new
    TLS context per answer. A node whose URL or timeouts change gets a new one."""
    global _clients_pid
    signature = (
        node.base_url,
        settings.INFERENCE_CONNECT_TIMEOUT,
        settings.INFERENCE_READ_TIMEOUT,
    )
    with _clients_lock:
        if _clients_pid != os.getpid():  # forked: the parent's sockets are not ours
            _clients.clear()
            _clients_pid = os.getpid()
        entry = _clients.get(node.pk)
        if entry is not None and entry[0] == signature:
            return entry[1]
        if entry is not None:
            entry[1].close()
        timeout = httpx.Timeout(
            connect=settings.INFERENCE_CONNECT_TIMEOUT,
            read=settings.INFERENCE_READ_TIMEOUT,
            write=10.0,
            pool=5.0,
        )
        # trust_env=False: no proxy from the environment, requests go only to the node.
        client = httpx.Client(timeout=timeout, trust_env=False)
        _clients[node.pk] = (signature, client)
        return client


def node_clients_close(node_id: int | None = None) -> None:
    """Close the pooled client of one node (deleted) or of every node (process exit)."""
    with _clients_lock:
        ids = list(_clients) if node_id is None else [node_id]
        for pk in ids:
            entry = _clients.pop(pk, None)
            if entry is not None:
                with contextlib.suppress(Exception):
                    entry[1].close()


atexit.register(node_clients_close)


def _pooled(embedding) -> list[float]:
    """A vector as floats; a list of per-token vectors is averaged into one."""
    import numpy as np

    vectors = np.asarray(embedding, dtype=np.float64)
    if vectors.ndim == 2 and len(vectors):
        vectors = vectors.mean(axis=0)
    if vectors.ndim != 1 or not len(vectors):
        raise ValueError("not a vector")
    return vectors.tolist()


class OpenAICompatibleBackend:
    """HTTP + SSE to a node speaking the OpenAI chat API (llama-server, vLLM, Ollama…)."""

    def __init__(self, node):
        self.node = node

    def _client(self) -> httpx.Client:
        return node_client(self.node)

    def _headers(self) -> dict:
        headers = {"Accept": "text/event-stream"}
        key = self.node.get_api_key()
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return headers

    def stream_chat(
        self,
        messages: list[dict],
        params: GenerationParams,
        cancel: CancelToken | None = None,
    ) -> Iterator[str | Usage]:
        url = self.node.base_url.rstrip("/") + "/v1/chat/completions"
        body = {
            "model": self.node.upstream_model or self.node.model_alias,
            "messages": messages,
            "stream": True,
            "max_tokens": max(1, int(params.max_tokens)),
            "temperature": float(params.temperature),
            "top_p": float(params.top_p),
            "stream_options": {"include_usage": True},
        }
        if params.stop:
            body["stop"] = params.stop
        if params.ignore_eos:
            body["ignore_eos"] = True  # llama-server's and vLLM's extension to the OpenAI API
        started = time.monotonic()
        client = self._client()
        try:
            response_cm = client.stream("POST", url, json=body, headers=self._headers())
            response = response_cm.__enter__()
        except httpx.HTTPError as exc:
            raise NodeUnavailable(f"{type(exc).__name__}") from exc
        try:
            if response.status_code != 200:
                try:
                    payload = json.loads(response.read() or b"{}")
                except (ValueError, httpx.HTTPError):
                    payload = {}
                message = _error_message(payload) or f"HTTP {response.status_code}"
                if response.status_code >= 500 or response.status_code in (401, 403, 429):
                    raise NodeUnavailable(f"HTTP {response.status_code}: {message}")
                raise UpstreamRejected(message)
            yield from self._read_stream(response, started, cancel, messages)
        finally:
            # A response read to its end gives its connection back to the pool; one left
            # unfinished (stop button, error) closes it, and the node stops generating.
            response_cm.__exit__(None, None, None)

    def _read_stream(self, response, started, cancel, messages) -> Iterator[str | Usage]:
        ttft = None
        count = 0
        usage = None
        finish = "stop"
        got_anything = False
        done = False
        try:
            for event, data in iter_sse(response.iter_lines()):
                if cancel is not None and cancel.is_set():
                    finish = "cancelled"
                    break
                if done:  # read the body to its end: the connection goes back to the pool
                    continue
                if data.strip() == "[DONE]":
                    done = True
                    continue
                try:
                    obj = json.loads(data)
                except ValueError as exc:
                    raise UpstreamError("Malformed event from the node.") from exc
                if event == "error" or (isinstance(obj, dict) and "error" in obj):
                    message = _error_message(obj)
                    if got_anything:
                        raise UpstreamError(message)
                    raise NodeUnavailable(message)
                if obj.get("usage"):
                    usage = obj["usage"]
                for choice in obj.get("choices") or []:
                    text = (choice.get("delta") or {}).get("content") or ""
                    if text:
                        if ttft is None:
                            ttft = time.monotonic() - started
                        got_anything = True
                        count += 1
                        yield text
                    if choice.get("finish_reason"):
                        finish = choice["finish_reason"]
        except httpx.HTTPError as exc:
            if got_anything:
                raise UpstreamError(f"{type(exc).__name__}") from exc
            raise NodeUnavailable(f"{type(exc).__name__}") from exc
        prompt_tokens = int((usage or {}).get("prompt_tokens") or 0)
        completion_tokens = int((usage or {}).get("completion_tokens") or 0)
        estimated = not prompt_tokens or (count > 0 and not completion_tokens)
        if not prompt_tokens:
            prompt_tokens = estimate_prompt_tokens(self.node, messages)
        yield Usage(
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens or count,  # one event carries one token
            ttft_s=ttft,
            duration_s=time.monotonic() - started,
            finish_reason=finish,
            tokens_estimated=estimated,
        )

    def embed(self, texts: list[str]) -> list[list[float]]:
        """One vector per text from the node's `/v1/embeddings`. A server that answers one
        vector per token (llama_cpp.server or `llama-server --pooling none` with a causal
        model) is mean-pooled here, so every text gets one vector of the model's width."""
        url = self.node.base_url.rstrip("/") + "/v1/embeddings"
        body = {"model": self.node.upstream_model or self.node.model_alias, "input": texts}
        headers = {k: v for k, v in self._headers().items() if k != "Accept"}
        try:
            response = self._client().post(url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise NodeUnavailable(f"{type(exc).__name__}") from exc
        try:
            payload = response.json()
        except ValueError:
            payload = {}
        if response.status_code != 200:
            message = _error_message(payload) or f"HTTP {response.status_code}"
            if response.status_code >= 500 or response.status_code in (401, 403, 429):
                raise NodeUnavailable(f"HTTP {response.status_code}: {message}")
            raise UpstreamRejected(message)
        try:
            items = sorted(payload["data"], key=lambda item: item.get("index", 0))
            vectors = [_pooled(item["embedding"]) for item in items]
        except (KeyError, TypeError, ValueError) as exc:
            raise UpstreamError("Malformed embeddings from the node.") from exc
        if len(vectors) != len(texts) or len({len(v) for v in vectors}) > 1:
            raise UpstreamError("The node answered a different number or size of vectors.")
        return vectors

    def probe(self) -> tuple[bool, str]:
        """llama_cpp.server has no /health: /v1/models works on every OpenAI-style server."""
        path = "/health" if self.node.engine == "llama_server" else "/v1/models"
        url = self.node.base_url.rstrip("/") + path
        try:
            response = self._client().get(
                url,
                headers=self._headers(),
                timeout=httpx.Timeout(settings.INFERENCE_CONNECT_TIMEOUT),
            )
        except httpx.TimeoutException as exc:
            return False, f"{PROBE_TIMEOUT}: {type(exc).__name__}"
        except httpx.HTTPError as exc:
            return False, type(exc).__name__
        if response.status_code != 200:
            return False, f"HTTP {response.status_code}"
        return True, ""


def probe_timed_out(error: str) -> bool:
    return error.startswith(PROBE_TIMEOUT)


def backend_for(node) -> Backend:
    if node.is_in_process:
        return LocalLlamaBackend()
    return OpenAICompatibleBackend(node)


def probe_node(node) -> tuple[bool, str]:
    if node.is_in_process:
        path = settings.LLM_MODEL_PATH
        if path and os.path.exists(path):
            return True, ""
        return False, "model file missing"
    return OpenAICompatibleBackend(node).probe()
