"""`{% breadcrumb %}`: the one breadcrumb of the site, whatever builds its trail."""

from django import template

register = template.Library()


def breadcrumb_items(*pairs) -> list[tuple[str, str]]:
    """(label, url) pairs from alternating arguments; a pair without label is left out, so
    optional levels can be passed as they are (e.g. `consultation.title` when there is none)."""
    return [(label, url) for label, url in zip(pairs[0::2], pairs[1::2], strict=False) if label]


@register.inclusion_tag("components/breadcrumb.html", takes_context=True)
def breadcrumb(context, *pairs):
    """Home › label1 › … ; arguments alternate label and url, the current page's url is ""."""
    return {"items": breadcrumb_items(*pairs), "LANGUAGE_CODE": context.get("LANGUAGE_CODE")}
