"""Observatory: how long computed indicators stay fresh."""

from config.settings.base import env

# Seconds the computed indicators are considered fresh (the beat task refreshes every 10 min;
# entries live twice as long so a late worker never leaves the page computing on a request).
OBSERVATORY_INDICATORS_TTL = env.int("OBSERVATORY_INDICATORS_TTL", default=900)
# Testimonies a person may submit ("count/period").
OBSERVATORY_RATE_TESTIMONIES = env("OBSERVATORY_RATE_TESTIMONIES", default="5/day")
