"""Consultations: moderation threshold, per-person rate limits, statistics group size."""

from config.settings.base import env

# Reports that hide a comment pending a moderator's review.
CONSULTATION_AUTO_HIDE_REPORTS = env.int("CONSULTATION_AUTO_HIDE_REPORTS", default=3)
# Rate limits "count/period" (period: second, minute, hour, day), kept in the shared cache.
CONSULTATION_RATE_BALLOTS = env("CONSULTATION_RATE_BALLOTS", default="120/hour")
CONSULTATION_RATE_COMMENTS = env("CONSULTATION_RATE_COMMENTS", default="20/hour")
CONSULTATION_RATE_REPORTS = env("CONSULTATION_RATE_REPORTS", default="30/hour")
CONSULTATION_RATE_PROPOSALS = env("CONSULTATION_RATE_PROPOSALS", default="5/day")
# Participation by arrondissement / age bracket is shown only for groups at least this big.
CONSULTATION_MIN_GROUP_SIZE = env.int("CONSULTATION_MIN_GROUP_SIZE", default=10)
CONSULTATION_RATE_TRANSLATIONS = env("CONSULTATION_RATE_TRANSLATIONS", default="30/hour")
CONSULTATION_RATE_SYNTHESES = env("CONSULTATION_RATE_SYNTHESES", default="10/hour")
# Days the city gives itself to publish the register record of an adopted use case.
CONSULTATION_REGISTER_DEADLINE_DAYS = env.int("CONSULTATION_REGISTER_DEADLINE_DAYS", default=90)
