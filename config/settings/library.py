"""Shared use-case library: who publishes it, and the limits when harvesting partners'."""

from config.settings.base import CITY_NAME, env

LIBRARY_PUBLISHER = env("LIBRARY_PUBLISHER", default=CITY_NAME)
LIBRARY_HARVEST_TIMEOUT = env.float("LIBRARY_HARVEST_TIMEOUT", default=20.0)
LIBRARY_HARVEST_MAX_BYTES = env.int("LIBRARY_HARVEST_MAX_BYTES", default=50_000_000)
