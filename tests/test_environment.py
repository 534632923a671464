import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_ci_runs_on_postgresql_never_on_sqlite():
    """CI sets DATABASE_URL to PostgreSQL: features like row locks are only tested there."""
    if not os.environ.get("CI"):
        pytest.skip("outside CI, SQLite is an accepted local default")
    assert connection.vendor == "postgresql", "CI must run the suite on PostgreSQL"
