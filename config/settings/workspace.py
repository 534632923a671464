"""The agents' AI workspace (workspace/): documents, assistants, evaluation."""

from config.settings.base import env

# --- Documents ----------------------------------------------------------------------------
# Uploaded files and their extracted text are purged this many days after upload.
WORKSPACE_RETENTION_DAYS = env.int("WORKSPACE_RETENTION_DAYS", default=90)
# Largest file an agent may upload, in megabytes.
WORKSPACE_MAX_UPLOAD_MB = env.int("WORKSPACE_MAX_UPLOAD_MB", default=20)

# --- Assistants and runs ------------------------------------------------------------------
# Runs per department (the agent's department, or one bucket for agents without one), as
# "count/period" (period: second, minute, hour or day). Over it: 429 with Retry-After.
WORKSPACE_DEPARTMENT_QUOTA = env("WORKSPACE_DEPARTMENT_QUOTA", default="200/day")
# Longest section of a document given to the model in one call (summary, extraction), in
# characters: the bundled model reads 2,048 tokens at most.
WORKSPACE_SECTION_MAX_CHARS = env.int("WORKSPACE_SECTION_MAX_CHARS", default=2500)
# A run over more sections than this goes to Celery (progress bar, cancellable).
WORKSPACE_INLINE_MAX_SECTIONS = env.int("WORKSPACE_INLINE_MAX_SECTIONS", default=4)
# Passages retrieved for a question over a collection.
WORKSPACE_QA_PASSAGES = env.int("WORKSPACE_QA_PASSAGES", default=6)
