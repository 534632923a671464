"""The workspace's data, one module per sub-domain: documents and collections, assistants and
their runs, evaluation. Each module is imported here so that Django sees every model."""

from .assistants import *  # noqa: F403
from .documents import *  # noqa: F403
from .evaluation import *  # noqa: F403
