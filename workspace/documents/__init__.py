"""Documents: file checks and text extraction, storage, the search index and retrieval."""
