"""The suite's settings: the site's own, plus django-oauth-toolkit.

tests/accounts/test_proconnect.py signs in against a real OpenID Connect provider served by the
test's own live server; the provider's tables are created with the test database like every
other app's, so its migrations run once per session on SQLite and PostgreSQL alike and every
flush empties them. (Installing it mid-session with `override_settings(INSTALLED_APPS=...)`
would reload the app registry under running tests and leave tables migrated behind Django's
back.) Its URLs are added by that test only (`tests/accounts/proconnect_urls.py`); the site
itself never serves them.
"""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "oauth2_provider"]

# Tasks sent without a broker run inline, in the request or the test that sent them, so a test
# reads their result at once (tests/core/test_tasks.py covers the background thread).
TASKS_EAGER_IN_THREAD = False
