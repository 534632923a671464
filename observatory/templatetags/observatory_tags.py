import re

from django import template
from django.utils.safestring import mark_safe

from core.templatetags.breadcrumbs import breadcrumb_items

register = template.Library()

CALL_RE = re.compile(r"\[(\d{1,3})\]")


@register.filter
def footnote_calls(html: str) -> str:
    """Turn "[2]" in rendered rich text into a link to note 2 (its id lets the note link back)."""
    seen: set[str] = set()

    def replace(match):
        n = match.group(1)
        ident = "" if n in seen else f' id="fnref-{n}"'
        seen.add(n)
        return f'<sup{ident}><a href="#fn-{n}" class="footnote-call">[{n}]</a></sup>'

    return mark_safe(CALL_RE.sub(replace, str(html)))  # noqa: S308 — input is sanitised rich text


@register.inclusion_tag("components/breadcrumb.html", takes_context=True)
def observatory_breadcrumb(context, *items):
    """Home › Observatory › … ; `items` alternate label, url (the last url may be empty)."""
    index = context.get("index") or context.get("page")
    crumbs = []
    if type(index).__name__ == "ObservatoryIndexPage":
        crumbs.append((index.title, index.url))
    crumbs.extend(breadcrumb_items(*items))
    return {"items": crumbs, "LANGUAGE_CODE": context.get("LANGUAGE_CODE")}


@register.filter
def number(value):
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".replace(",", "\u202f")
    return f"{int(value):,}".replace(",", "\u202f")
