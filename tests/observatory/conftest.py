import pytest
from django.core.cache import cache

from tests.observatory.factories import make_home, make_index


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Indicators live in the database cache: start every database test with it empty."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if uses_db:
        request.getfixturevalue(
            "db" if "transactional_db" not in request.fixturenames else "transactional_db"
        )
        cache.clear()
    yield


@pytest.fixture
def home(db):
    return make_home()


@pytest.fixture
def index(home):
    return make_index(home)
