"""The agents' AI workspace (workspace/): documents, assistants, evaluation."""

from config.settings.base import env

# --- Documents ----------------------------------------------------------------------------
# Uploaded files and their extracted text are purged this many days after upload.
WORKSPACE_RETENTION_DAYS = env.int("WORKSPACE_RETENTION_DAYS", default=90)
# Largest file an agent may upload, in megabytes.
WORKSPACE_MAX_UPLOAD_MB = env.int("WORKSPACE_MAX_UPLOAD_MB", default=20)
# Keys that encrypt workspace files and extracted text at rest (core/crypto.py): comma-separated
# urlsafe-base64 32-byte keys, newest first; empty: a key derived from SECRET_KEY.
WORKSPACE_ENCRYPTION_KEY = env("WORKSPACE_ENCRYPTION_KEY", default="")
# Vector similarity fused with full-text search: "" (off) or "wordllama" (extra `embeddings`).
WORKSPACE_EMBEDDINGS = env("WORKSPACE_EMBEDDINGS", default="")
