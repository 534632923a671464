"""`{% ai_label %}`: the one label every AI output on the site carries (AI Act art. 50).

It names the model and links to the register record of the tool that produced the output and
to "ask for a human review" (that record's recourse form). The record comes from the app that
keeps the register (`core.composition.ai_tool_record`), by tool key or by a record's stable id,
so the apps that produce AI output (the sandbox, the workspace, the debate synthesis, the
translations) need not import the register.
"""

from django import template
from django.utils.translation import gettext as _

from core.composition import ai_tool_record

register = template.Library()


@register.inclusion_tag("components/ai_label.html", takes_context=True)
def ai_label(context, *, model_name="", tool="", record_id=None, label="", record=None):
    """`record` may be given directly (a dict with name, url, recourse_url); otherwise it is
    looked up once per tool and page (a list of outputs costs one query, not one per output)."""
    if record is None and (tool or record_id):
        cache = context.render_context.setdefault("ai_label_records", {})
        key = (tool, str(record_id or ""))
        if key not in cache:
            cache[key] = ai_tool_record(tool=tool, uuid=record_id)
        record = cache[key]
    return {
        "label": label or _("AI-generated"),
        "model_name": model_name,
        "record": record,
    }
