"""A stored, indexed search vector for the published version of every system (issue 19).

Search used to rebuild `to_tsvector` over seven columns of every row, twice per request: a
sequential scan growing with the register. Now each published system has one row in
`register_systemsearch`, written by triggers whenever `published_version_id` changes (or the
published version's searched text is edited in place), so every writer keeps it in step:

- PostgreSQL: a weighted `tsvector` (name A; description and purpose B; department and
  organisation C; technical description and supplier D) in the `register_fr` configuration
  (French stemming, plus `unaccent` when the extension can be installed), with a GIN index.
- SQLite: an FTS5 table (`unicode61`, diacritics removed) whose rowid is the system's id.
"""

from django.db import migrations, models
import django.contrib.postgres.search
import django.db.models.deletion

FIELDS = [
    ("name", "A"),
    ("short_description", "B"),
    ("purpose", "B"),
    ("department", "C"),
    ("organisation", "C"),
    ("technical_description", "D"),
    ("supplier", "D"),
]
COLUMNS = ", ".join(name for name, _w in FIELDS)


def _pg_vector(alias: str) -> str:
    return " || ".join(
        f"setweight(to_tsvector('register_fr', coalesce({alias}.{name}, '')), '{weight}')"
        for name, weight in FIELDS
    )


PG_INSTALL = [
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS register_fr",
    "CREATE TEXT SEARCH CONFIGURATION register_fr (COPY = french)",
    # Filled in by `_pg_unaccent` when the extension is there.
    f"""CREATE FUNCTION register_search_vector(v register_aisystemversion) RETURNS tsvector
    LANGUAGE sql STABLE AS $$ SELECT {_pg_vector("v")} $$""",
    """CREATE FUNCTION register_systemsearch_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.published_version_id IS NULL THEN
        DELETE FROM register_systemsearch WHERE system_id = NEW.id;
      ELSE
        INSERT INTO register_systemsearch (system_id, vector)
          SELECT NEW.id, register_search_vector(v) FROM register_aisystemversion v
          WHERE v.id = NEW.published_version_id
        ON CONFLICT (system_id) DO UPDATE SET vector = EXCLUDED.vector;
      END IF;
      RETURN NULL;
    END $$""",
    """CREATE TRIGGER register_systemsearch_on_insert AFTER INSERT ON register_aisystem
    FOR EACH ROW WHEN (NEW.published_version_id IS NOT NULL)
    EXECUTE FUNCTION register_systemsearch_sync()""",
    """CREATE TRIGGER register_systemsearch_on_publish
    AFTER UPDATE OF published_version_id ON register_aisystem
    FOR EACH ROW WHEN (OLD.published_version_id IS DISTINCT FROM NEW.published_version_id)
    EXECUTE FUNCTION register_systemsearch_sync()""",
    """CREATE FUNCTION register_systemsearch_version_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE register_systemsearch ss SET vector = register_search_vector(NEW)
      FROM register_aisystem s WHERE s.published_version_id = NEW.id AND ss.system_id = s.id;
      RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER register_systemsearch_on_version_edit
    AFTER UPDATE OF {COLUMNS} ON register_aisystemversion FOR EACH ROW
    WHEN ({" OR ".join(f"OLD.{n} IS DISTINCT FROM NEW.{n}" for n, _w in FIELDS)})
    EXECUTE FUNCTION register_systemsearch_version_sync()""",
    "CREATE INDEX register_systemsearch_vector_gin ON register_systemsearch USING gin (vector)",
    """INSERT INTO register_systemsearch (system_id, vector)
    SELECT s.id, register_search_vector(v) FROM register_aisystem s
    JOIN register_aisystemversion v ON v.id = s.published_version_id""",
]
PG_UNINSTALL = [
    "DROP TRIGGER IF EXISTS register_systemsearch_on_version_edit ON register_aisystemversion",
    "DROP TRIGGER IF EXISTS register_systemsearch_on_publish ON register_aisystem",
    "DROP TRIGGER IF EXISTS register_systemsearch_on_insert ON register_aisystem",
    "DROP FUNCTION IF EXISTS register_systemsearch_version_sync()",
    "DROP FUNCTION IF EXISTS register_systemsearch_sync()",
    "DROP FUNCTION IF EXISTS register_search_vector(register_aisystemversion)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS register_fr",
]

_FTS_INSERT = (
    f"INSERT INTO register_systemsearch_fts (rowid, {COLUMNS}) "
    f"SELECT {{system_id}}, {', '.join(f'v.{n}' for n, _w in FIELDS)} "
    "FROM register_aisystemversion v WHERE v.id = {version_id};"
)
SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE register_systemsearch_fts USING fts5(
    {COLUMNS}, tokenize = 'unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER register_systemsearch_on_insert AFTER INSERT ON register_aisystem
    WHEN NEW.published_version_id IS NOT NULL BEGIN
      {_FTS_INSERT.format(system_id="NEW.id", version_id="NEW.published_version_id")}
    END""",
    f"""CREATE TRIGGER register_systemsearch_on_publish
    AFTER UPDATE OF published_version_id ON register_aisystem
    WHEN OLD.published_version_id IS NOT NEW.published_version_id BEGIN
      DELETE FROM register_systemsearch_fts WHERE rowid = OLD.id;
      {_FTS_INSERT.format(system_id="NEW.id", version_id="NEW.published_version_id")}
    END""",
    """CREATE TRIGGER register_systemsearch_on_delete AFTER DELETE ON register_aisystem BEGIN
      DELETE FROM register_systemsearch_fts WHERE rowid = OLD.id;
    END""",
    f"""CREATE TRIGGER register_systemsearch_on_version_edit
    AFTER UPDATE OF {COLUMNS} ON register_aisystemversion
    WHEN {" OR ".join(f"OLD.{n} IS NOT NEW.{n}" for n, _w in FIELDS)} BEGIN
      DELETE FROM register_systemsearch_fts
        WHERE rowid IN (SELECT id FROM register_aisystem WHERE published_version_id = NEW.id);
      INSERT INTO register_systemsearch_fts (rowid, {COLUMNS})
        SELECT s.id, {", ".join(f"NEW.{n}" for n, _w in FIELDS)}
        FROM register_aisystem s WHERE s.published_version_id = NEW.id;
    END""",
    f"""INSERT INTO register_systemsearch_fts (rowid, {COLUMNS})
    SELECT s.id, {", ".join(f"v.{n}" for n, _w in FIELDS)} FROM register_aisystem s
    JOIN register_aisystemversion v ON v.id = s.published_version_id""",
]
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS register_systemsearch_on_version_edit",
    "DROP TRIGGER IF EXISTS register_systemsearch_on_delete",
    "DROP TRIGGER IF EXISTS register_systemsearch_on_publish",
    "DROP TRIGGER IF EXISTS register_systemsearch_on_insert",
    "DROP TABLE IF EXISTS register_systemsearch_fts",
]


def _pg_unaccent(schema_editor) -> None:
    """Accents ignored when `unaccent` can be installed (it ships with PostgreSQL's contrib;
    installing it needs the right to create extensions). Without it, French stemming only."""
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except DatabaseError:
        return
    schema_editor.execute(
        "ALTER TEXT SEARCH CONFIGURATION register_fr "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem"
    )


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = PG_INSTALL
        for statement in statements[:2]:
            schema_editor.execute(statement)
        _pg_unaccent(schema_editor)
        statements = statements[2:]
    elif vendor == "sqlite":
        statements = SQLITE_INSTALL
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": PG_UNINSTALL, "sqlite": SQLITE_UNINSTALL}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("register", "0005_recourse_form_key")]

    operations = [
        migrations.CreateModel(
            name="SystemSearch",
            fields=[
                (
                    "system",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="register.aisystem",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
