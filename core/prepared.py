"""Hot reads compiled to SQL once per process, then run with new values.

Compiling a queryset costs Django more than PostgreSQL takes to answer it when it selects many
columns across a join (a register record reads 59 of them: a millisecond of Python per request
for a query that runs in a tenth of that). A `PreparedQuery` builds its queryset once with
placeholder values, keeps the SQL, the position of each placeholder among the parameters and
the columns' converters (JSON, dates, UUIDs), and then only runs the SQL: the rows are the ones
`values_list()` gives.
"""

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet


class PreparedQuery:
    def __init__(self, build: Callable[..., QuerySet], **placeholders):
        """`build(**placeholders)` gives the `values_list()` queryset; each placeholder must be a
        value that appears nowhere else among the query's parameters."""
        self._build = build
        self._placeholders = placeholders
        self._compiled: dict[tuple, tuple] = {}

    def _compile(self, alias: str) -> tuple:
        compiler = self._build(**self._placeholders).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        positions = {}
        for name, value in self._placeholders.items():
            found = [i for i, param in enumerate(params) if param == value]
            if len(found) != 1:
                raise ValueError(f"Placeholder {name!r} found {len(found)} times in the query")
            positions[name] = found[0]
        columns = [select[0] for select in compiler.select[: compiler.col_count]]
        return sql, list(params), positions, compiler, compiler.get_converters(columns)

    def rows(self, using: str = DEFAULT_DB_ALIAS, **values) -> list[tuple]:
        connection = connections[using]
        # Connections are per thread; the compiler keeps the one it was made with (converters
        # read its features), so each thread's connection gets its own compiled query.
        key = (id(connection), connection.settings_dict["NAME"])
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(using)
        sql, params, positions, compiler, converters = compiled
        params = list(params)
        for name, position in positions.items():
            params[position] = values[name]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows
