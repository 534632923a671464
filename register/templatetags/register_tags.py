from django import template

register = template.Library()


@register.filter
def get_attr(obj, name):
    return getattr(obj, str(name), "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.inclusion_tag("register/includes/system_evaluations.html", takes_context=True)
def system_evaluations(context, system):
    """The record's measured results (written by the part that runs the tests, e.g. the
    workspace's golden sets); nothing is shown when the system has none."""
    from register.selectors import system_evaluations_latest

    return {"evaluations": system_evaluations_latest(system=system), "system": system}


@register.filter
def evaluation_state(system):
    """`{% with state=system|evaluation_state %}`: its place in the evaluation schedule."""
    from register.selectors import system_evaluation_state

    return system_evaluation_state(system=system)
