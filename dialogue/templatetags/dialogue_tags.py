"""What the register's and the consultations' pages show of staff dialogue (their templates
load this library; the data comes from dialogue's selectors)."""

from django import template

from dialogue import selectors
from dialogue.policies import user_member_bodies

register = template.Library()


@register.inclusion_tag("dialogue/includes/staff_opinions.html", takes_context=True)
def staff_opinions(context, kind, ref):
    """The formal opinions of staff bodies on a record or a use case, and, for a member of a
    body, the link to file one."""
    request = context.get("request")
    user = getattr(request, "user", None)
    can_file = bool(user and user_member_bodies(user=user).exists())
    return {
        "opinions": selectors.opinions_for_target(kind=kind, ref=ref),
        "kind": kind,
        "ref": ref,
        "can_file": can_file,
    }


@register.inclusion_tag("dialogue/includes/follow_up.html")
def staff_follow_up(record_ref):
    """The record's follow-up survey over time (averages only from the minimum group size)."""
    return {"results": selectors.follow_up_results(record_ref=record_ref)}
