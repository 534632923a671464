"""Aggregates the apps' selectors share: counting rows per month inside the database.

Django's `TruncMonth` is native SQL on PostgreSQL, but on SQLite it calls a Python function
once per row (`django_datetime_trunc`, to apply the time zone): 1,000,000 ballots meant
1,000,000 Python calls. SQLite's own `strftime(..., 'localtime')` converts with the C
library's time zone, which Django sets to `TIME_ZONE` when it starts (`os.environ["TZ"]`,
`time.tzset()`), so the grouping stays in C whenever the active time zone is that one.
"""

import os

from django.db import connections
from django.db.models import CharField, Count, F, Func, QuerySet, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone


class _SQLiteLocalMonth(Func):
    """`strftime('%Y-%m', <column>, 'localtime')`: the month in the process's time zone."""

    function = "strftime"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(Value("%Y-%m"), expression, Value("localtime"), **extra)


def _sqlite_local_time_is_active() -> bool:
    return os.environ.get("TZ") == timezone.get_current_timezone_name()


def count_by_month(queryset: QuerySet, field: str) -> list[dict]:
    """[{"month": "YYYY-MM", "count": n}, ...] in month order, rows grouped by the database
    on `field` (an aware datetime) in the active time zone; rows where it is NULL are left out."""
    queryset = queryset.order_by()
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite" and _sqlite_local_time_is_active():
        rows = (
            queryset.filter(**{f"{field}__isnull": False})
            .values(month=_SQLiteLocalMonth(F(field)))
            .annotate(count=Count("*"))
            .order_by("month")
        )
        return [{"month": row["month"], "count": row["count"]} for row in rows]
    rows = queryset.values(month=TruncMonth(field)).annotate(count=Count("*")).order_by("month")
    return [
        {"month": row["month"].strftime("%Y-%m"), "count": row["count"]}
        for row in rows
        if row["month"] is not None
    ]
