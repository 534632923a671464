"""Observatory: how long computed indicators stay fresh."""

from config.settings.base import BASE_DIR, env

# Seconds the computed indicators are considered fresh (the beat task refreshes every 10 min;
# entries live twice as long so a late worker never leaves the page computing on a request).
OBSERVATORY_INDICATORS_TTL = env.int("OBSERVATORY_INDICATORS_TTL", default=900)
# Testimonies a person may submit ("count/period").
OBSERVATORY_RATE_TESTIMONIES = env("OBSERVATORY_RATE_TESTIMONIES", default="5/day")
# Research data portal (docs/observatory.md). Release files are kept OUTSIDE the media root:
# restricted ones must only leave through the download view that checks access and logs it.
OBSERVATORY_DATASETS_ROOT = env(
    "OBSERVATORY_DATASETS_ROOT", default=str(BASE_DIR / "private" / "research-data")
)
# Smallest group a release may show (arrondissement × age bracket, course, month…): smaller
# groups are suppressed so that no row or count points at a handful of people.
OBSERVATORY_DATASET_MIN_GROUP = env.int("OBSERVATORY_DATASET_MIN_GROUP", default=10)
# Longest retention a researcher may ask for in a data access request (days).
OBSERVATORY_DATA_ACCESS_MAX_DAYS = env.int("OBSERVATORY_DATA_ACCESS_MAX_DAYS", default=1095)
