"""Training: staff statistics group size, and the video formats lessons may carry."""

from config.settings import base
from config.settings.base import env

# Departments with fewer learners than this are merged in the staff statistics.
TRAINING_STATS_MIN_GROUP = env.int("TRAINING_STATS_MIN_GROUP", default=5)
# Lesson videos are served by the site itself (Wagtail documents).
WAGTAILDOCS_EXTENSIONS = [*base.WAGTAILDOCS_EXTENSIONS, "mp4", "webm"]
