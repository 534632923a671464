"""count_by_month: months of the site's time zone, grouped by the database (no Python per row)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.aggregates import count_by_month
from core.models import OutboxMessage

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def _message(moment: dt.datetime) -> None:
    OutboxMessage.objects.create(
        recipient="a@example.org", subject="s", body="b", kind="test", created_at=moment
    )


def test_rows_are_counted_in_the_month_of_the_site_time_zone_not_utc():
    # 23:30 UTC on 31 January is 00:30 on 1 February in Paris (winter, UTC+1);
    # 22:30 UTC on 31 July is 00:30 on 1 August in Paris (summer, UTC+2);
    # 21:30 UTC on 31 July is still July in Paris.
    _message(dt.datetime(2026, 1, 15, 12, 0, tzinfo=UTC))
    _message(dt.datetime(2026, 1, 31, 23, 30, tzinfo=UTC))
    _message(dt.datetime(2026, 7, 31, 22, 30, tzinfo=UTC))
    _message(dt.datetime(2026, 7, 31, 21, 30, tzinfo=UTC))
    with timezone.override("Europe/Paris"):
        months = count_by_month(OutboxMessage.objects.all(), "created_at")
    assert months == [
        {"month": "2026-01", "count": 1},
        {"month": "2026-02", "count": 1},
        {"month": "2026-07", "count": 1},
        {"month": "2026-08", "count": 1},
    ]


def test_another_active_time_zone_is_honoured():
    # 03:00 UTC on 1 March is still 28 February in New York (UTC-5).
    _message(dt.datetime(2026, 3, 1, 3, 0, tzinfo=UTC))
    with timezone.override("America/New_York"):
        months = count_by_month(OutboxMessage.objects.all(), "created_at")
    assert months == [{"month": "2026-02", "count": 1}]


def test_the_grouping_runs_in_one_query_without_a_python_function_per_row(settings):
    settings.TIME_ZONE = "Europe/Paris"
    for day in (1, 2, 3):
        _message(dt.datetime(2026, 5, day, 12, 0, tzinfo=UTC))
    with timezone.override("Europe/Paris"), CaptureQueriesContext(connection) as queries:
        months = count_by_month(OutboxMessage.objects.all(), "created_at")
    assert months == [{"month": "2026-05", "count": 3}]
    assert len(queries.captured_queries) == 1
    sql = queries.captured_queries[0]["sql"]
    # Django's TruncMonth on SQLite calls back into Python (django_datetime_trunc) once per row.
    assert "django_datetime_trunc" not in sql
    assert "GROUP BY" in sql
