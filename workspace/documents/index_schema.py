"""The passages' full-text index, created by migration 0001 beside the passage table.

PostgreSQL: a GIN index on `workspace_passage.search_vector` (tsvector, 'french').
SQLite: a contentless FTS5 table `workspace_passage_fts` (rowid = passage id) that holds
lexemes only, never the text (the passage text itself is encrypted).
"""

FTS_TABLE = "workspace_passage_fts"
GIN_INDEX = "workspace_passage_search_gin"


def index_create(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON workspace_passage USING gin (search_vector)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "lexemes, content='', tokenize='unicode61 remove_diacritics 2')"
        )


def index_drop(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
