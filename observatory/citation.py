"""How to cite a publication: plain text, BibTeX and schema.org JSON-LD (ScholarlyArticle)."""

import json
import re
import unicodedata

from django.conf import settings
from django.utils.translation import gettext as _

from observatory.models import AnalysisPage, AuthorRole

BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
                   "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\^{}"}  # fmt: skip


def publisher_name() -> str:
    return _("IA Commune Observatory, %(city)s") % {"city": settings.CITY_NAME}


def absolute_url(page, request=None) -> str:
    url = page.get_url(request) or ""
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.SITE_URL + url


def split_name(name: str) -> tuple[str, str]:
    """(given, family): the last word is the family name — the way our researchers sign."""
    parts = name.strip().split()
    if len(parts) < 2:
        return "", name.strip()
    return " ".join(parts[:-1]), parts[-1]


def _initials(given: str) -> str:
    return " ".join(f"{p[0]}." for p in re.split(r"[\s]+", given) if p)


def _signing(page: AnalysisPage):
    return [a for a in page.ordered_authorships if a.role != AuthorRole.CONTRIBUTOR] or list(
        page.ordered_authorships
    )


def analysis_citation(*, page: AnalysisPage, request=None) -> dict:
    authors = []
    for authorship in _signing(page):
        given, family = split_name(authorship.researcher.name)
        authors.append(f"{family}, {_initials(given)}".strip(", "))
    if len(authors) > 1:
        names = ", ".join(authors[:-1]) + " & " + authors[-1]
    else:
        names = authors[0] if authors else publisher_name()
    url = absolute_url(page, request)
    plain = f"{names} ({page.publication_date.year}). {page.title}. {publisher_name()}. "
    if page.doi:
        plain += f"https://doi.org/{page.doi}"
    else:
        plain += url
    if page.last_revised:
        plain += " " + _("(last revised %(date)s)") % {"date": page.last_revised.isoformat()}
    return {"plain": plain, "bibtex": analysis_bibtex(page=page, request=request), "url": url}


def bibtex_escape(value: str) -> str:
    return "".join(BIBTEX_SPECIALS.get(ch, ch) for ch in value)


def bibtex_key(page: AnalysisPage) -> str:
    authors = _signing(page)
    family = split_name(authors[0].researcher.name)[1] if authors else "iacommune"
    word = next((w for w in re.findall(r"\w+", page.title) if len(w) > 3), "analyse")
    raw = f"{family}{page.publication_date.year}{word}".lower()
    return re.sub(
        r"[^a-z0-9]", "", unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    )


def analysis_bibtex(*, page: AnalysisPage, request=None) -> str:
    authors = " and ".join(
        "{}, {}".format(*reversed(split_name(a.researcher.name))).strip(", ")
        for a in _signing(page)
    )
    months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    fields = [
        ("author", bibtex_escape(authors)),
        ("title", "{" + bibtex_escape(page.title) + "}"),
        ("institution", bibtex_escape(publisher_name())),
        ("type", bibtex_escape(str(page.kind_label))),
        ("year", str(page.publication_date.year)),
        ("url", absolute_url(page, request)),
        ("language", "french" if page.locale.language_code == "fr" else "english"),
    ]
    if page.doi:
        fields.append(("doi", page.doi))
    if page.last_revised:
        fields.append(("note", bibtex_escape(f"Last revised {page.last_revised.isoformat()}")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    month = months[page.publication_date.month - 1]
    return f"@techreport{{{bibtex_key(page)},\n{body},\n  month = {month}\n}}\n"


def analysis_json_ld(*, page: AnalysisPage, request=None) -> str:
    """schema.org ScholarlyArticle, serialised safely for a <script type="application/ld+json">."""
    authors = []
    for a in page.ordered_authorships:
        person = {"@type": "Person", "name": a.researcher.name}
        if a.researcher.affiliation:
            person["affiliation"] = {"@type": "Organization", "name": a.researcher.affiliation}
        if a.researcher.orcid:
            person["identifier"] = a.researcher.orcid_url
        authors.append(person)
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": page.title[:110],
        "name": page.title,
        "abstract": page.summary,
        "author": authors,
        "datePublished": page.publication_date.isoformat(),
        "dateModified": (page.last_revised or page.publication_date).isoformat(),
        "inLanguage": page.locale.language_code,
        "url": absolute_url(page, request),
        "publisher": {"@type": "Organization", "name": publisher_name()},
        "keywords": [t.name for t in page.tags.all()],
        "about": [t.label for t in page.topics.all()],
    }
    if page.doi:
        data["identifier"] = f"https://doi.org/{page.doi}"
    text = json.dumps(data, ensure_ascii=False)
    # Never let page content close the script element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _release_url(release, request=None) -> str:
    url = release.get_absolute_url()
    return request.build_absolute_uri(url) if request is not None else settings.SITE_URL + url


def dataset_bibtex_key(release) -> str:
    raw = f"iacommune{release.dataset.slug}v{release.version}".lower()
    return re.sub(r"[^a-z0-9]", "", raw)


def dataset_citation(*, release, request=None) -> dict:
    """A stable citation of one release (the version is part of it: the bytes never change)."""
    dataset = release.dataset
    url = _release_url(release, request)
    year = release.published_at.year
    plain = _(
        "%(publisher)s (%(year)s). %(title)s (version %(version)s) [dataset]. "
        "Published %(date)s. %(url)s"
    ) % {
        "publisher": publisher_name(),
        "year": year,
        "title": dataset.localized_title,
        "version": release.version,
        "date": release.published_at.date().isoformat(),
        "url": url,
    }
    fields = [
        ("author", "{" + bibtex_escape(publisher_name()) + "}"),
        ("title", "{" + bibtex_escape(dataset.localized_title) + "}"),
        ("year", str(year)),
        ("version", str(release.version)),
        ("publisher", bibtex_escape(publisher_name())),
        ("url", url),
        ("note", bibtex_escape(f"Dataset, {dataset.get_licence_display()}")),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    bibtex = f"@misc{{{dataset_bibtex_key(release)},\n{body}\n}}\n"
    return {"plain": plain, "bibtex": bibtex, "url": url}
