"""The agents' AI workspace (workspace/): documents, assistants, evaluation."""

from config.settings.base import env

# --- Documents ----------------------------------------------------------------------------
# Uploaded files and their extracted text are purged this many days after upload.
WORKSPACE_RETENTION_DAYS = env.int("WORKSPACE_RETENTION_DAYS", default=90)
# Largest file an agent may upload, in megabytes.
WORKSPACE_MAX_UPLOAD_MB = env.int("WORKSPACE_MAX_UPLOAD_MB", default=20)
