"""Training: staff statistics group size, the video formats lessons may carry, badge keys."""

from config.settings import base
from config.settings.base import env

# Departments with fewer learners than this are merged in the staff statistics.
TRAINING_STATS_MIN_GROUP = env.int("TRAINING_STATS_MIN_GROUP", default=5)
# Lesson videos are served by the site itself (Wagtail documents).
WAGTAILDOCS_EXTENSIONS = [*base.WAGTAILDOCS_EXTENSIONS, "mp4", "webm"]
# Private keys signing the Open Badges (one PEM file per key, readable by the site only). In
# production: a secret volume mounted on every web and worker machine, backed up apart from the
# database (docs/training.md, "Open Badges").
TRAINING_BADGE_KEY_DIR = env(
    "TRAINING_BADGE_KEY_DIR", default=str(base.BASE_DIR / "var" / "badge-keys")
)
