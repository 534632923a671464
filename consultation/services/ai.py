"""The city's model, as the consultation uses it: through inference_bridge's service jobs only
(the same gate and the same ledger as the sandbox and the API), at temperature 0."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from core.errors import ServiceUnavailable
from inference_bridge.generation import build_params, job_events, job_for_service
from inference_bridge.models import Channel


@dataclass
class ModelRun:
    text: str
    tokens: int
    duration_ms: int


def model_name() -> str:
    return str(settings.INFERENCE_MODEL_CARD.get("name") or settings.INFERENCE_DEFAULT_MODEL)


def model_events(*, messages: list[dict], purpose: str, max_tokens: int, user=None):
    """The job's events (node, delta*, usage | error); raises ModelNotFound or Busy."""
    job = job_for_service(
        messages=messages,
        model_alias=settings.INFERENCE_DEFAULT_MODEL,
        channel=Channel.CONSULTATION,
        purpose=purpose,
        params=build_params(max_tokens=max_tokens, temperature=0),
        user=user,
    )
    return job_events(job)


def model_run(*, messages: list[dict], purpose: str, max_tokens: int, user=None) -> ModelRun:
    """Run one generation to its end; ServiceUnavailable when it fails."""
    parts: list[str] = []
    usage: dict = {}
    for name, data in model_events(
        messages=messages, purpose=purpose, max_tokens=max_tokens, user=user
    ):
        if name == "delta":
            parts.append(data["text"])
        elif name == "usage":
            usage = data
        elif name == "error":
            raise ServiceUnavailable(data["message"], code=data.get("code", "generation_failed"))
    return ModelRun(
        text="".join(parts).strip(),
        tokens=int(usage.get("total_tokens") or 0),
        duration_ms=int(usage.get("duration_ms") or 0),
    )
