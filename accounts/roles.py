"""Roles are Django groups, created by a data migration; this is their single list."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    AGENT = "agent", _("City agent")
    RESEARCHER = "researcher", _("Researcher")
    ELECTED = "elected", _("Elected official")
    MODERATOR = "moderator", _("Moderator")
    REGISTER_EDITOR = "register_editor", _("Register editor")
    AI_LEAD = "ai_lead", _("AI lead (workspace assistants)")
    STAFF_REPRESENTATIVE = "staff_representative", _("Staff representative")
    COUNTER_AGENT = "counter_agent", _("Counter agent (assisted participation)")
    # The governance pipeline's reviewers (governance/): each signs only the gate of their role.
    IT_REVIEWER = "it_reviewer", _("IT department reviewer")
    DPO = "dpo", _("Data protection officer")
    LEGAL_REVIEWER = "legal_reviewer", _("Legal reviewer")
    GOVERNANCE_BOARD = "governance_board", _("AI governance board")
