"""AI register: recourse deadlines and retention, spam limits, exports and harvesting partners."""

from config.settings.base import CITY_NAME, env

# Answer period for recourse requests in days; 0 = one calendar month.
REGISTER_RECOURSE_ANSWER_DAYS = env.int("REGISTER_RECOURSE_ANSWER_DAYS", default=0)
REGISTER_RECOURSE_RETENTION_DAYS = env.int("REGISTER_RECOURSE_RETENTION_DAYS", default=365)
# Rate limits "count/period" (period: second, minute, hour, day), kept in the shared cache.
REGISTER_RECOURSE_LIMIT_PER_IP = env("REGISTER_RECOURSE_LIMIT_PER_IP", default="30/hour")
REGISTER_RECOURSE_LIMIT_PER_EMAIL = env("REGISTER_RECOURSE_LIMIT_PER_EMAIL", default="3/day")
REGISTER_STATUS_LOOKUPS_PER_IP = env("REGISTER_STATUS_LOOKUPS_PER_IP", default="30/hour")
REGISTER_FEEDBACK_LIMIT_PER_IP = env("REGISTER_FEEDBACK_LIMIT_PER_IP", default="10/hour")
REGISTER_PUBLISHER = env("REGISTER_PUBLISHER", default=CITY_NAME)
REGISTER_HARVEST_TIMEOUT = env.float("REGISTER_HARVEST_TIMEOUT", default=20.0)
REGISTER_HARVEST_MAX_BYTES = env.int("REGISTER_HARVEST_MAX_BYTES", default=50_000_000)
# A record past its review date reminds its editors at most once per this many days.
REGISTER_REVIEW_REMINDER_DAYS = env.int("REGISTER_REVIEW_REMINDER_DAYS", default=30)
# Public reads of the register (list, record, search; page and API) are kept whole in the shared
# cache for this many seconds, and dropped at once by any change to the register; 0 = never.
REGISTER_PUBLIC_CACHE_SECONDS = env.int("REGISTER_PUBLIC_CACHE_SECONDS", default=86400)
# Evaluation schedule of deployed systems (pilot, in use), in months between two evaluations,
# per AI Act risk level (a record without a risk level follows the minimal-risk interval;
# a prohibited practice the high-risk one). docs/register.md, "Evaluations of deployed systems".
REGISTER_EVALUATION_MONTHS_HIGH = env.int("REGISTER_EVALUATION_MONTHS_HIGH", default=12)
REGISTER_EVALUATION_MONTHS_LIMITED = env.int("REGISTER_EVALUATION_MONTHS_LIMITED", default=24)
REGISTER_EVALUATION_MONTHS_MINIMAL = env.int("REGISTER_EVALUATION_MONTHS_MINIMAL", default=36)
