"""Site search hook: published testimonies (pages are already searched by the portal)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from observatory.models import Researcher
from observatory.selectors import observatory_index, testimonies_published


def site_search(*, query: str, limit: int) -> list[dict]:
    words = [w for w in query.split() if len(w) > 2][:6]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= Q(text__icontains=word) | Q(system_name__icontains=word)
    hits = []
    index = observatory_index()
    if index is not None:
        base = index.url
        people = Q()
        for word in words:
            people &= Q(name__icontains=word) | Q(affiliation__icontains=word)
        hits = [
            {
                "title": r.name,
                "url": f"{base}researchers/{r.slug}/",
                "summary": r.affiliation,
                "kind": _("Observatory member"),
            }
            for r in Researcher.objects.filter(people)[:limit]
        ]
    return hits + [
        {
            "title": _("Testimony %(ref)s") % {"ref": t.reference},
            "url": reverse("observatory:testimony", kwargs={"public_id": t.public_id}),
            "summary": t.text[:200],
            "kind": _("Resident testimony"),
        }
        for t in testimonies_published().filter(condition)[:limit]
    ]
