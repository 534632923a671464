"""Observatory demo content: topics, members, three analyses, the 2026 report, testimonies."""

import datetime as dt
import secrets

from django.contrib.auth.models import Group

from accounts.demo import demo_email
from accounts.models import User
from accounts.services import user_create_with_verified_email
from core.wagtail_seed import add_child, add_translation, site_home
from observatory import demo_content as content
from observatory.models import (
    AnalysisPage,
    AnnualReportPage,
    Authorship,
    Correction,
    ObservatoryIndexPage,
    Recommendation,
    RecommendationFollowUp,
    Researcher,
    Testimony,
    TestimonyStatus,
    Topic,
)
from observatory.services import BOARD_GROUP, REVIEWERS_GROUP

CHART_TITLES = {
    "inventaire-systemes-ia-2026": ("Systèmes d'IA par niveau de risque (mars 2026)",
                                    "AI systems by risk level (March 2026)"),
    "ce-que-disent-les-parisiens": ("Répartition des mentions, tous cas d'usage confondus",
                                    "Distribution of grades, all use cases together"),
    "sobriete-energie-modele-municipal": ("Énergie estimée par réponse, selon le modèle",
                                          "Estimated energy per answer, by model"),
}  # fmt: skip


FOLLOW_UP_NOTES = {
    "R1": "Champ rendu obligatoire dans le formulaire du registre à partir de janvier 2027.",
    "R3": "Mention ajoutée aux fiches de la DFPE ; les trois autres directions suivent.",
    "R5": "Estimation affichée dans le bac à sable depuis novembre 2026.",
    "R6": "Longueur par défaut ramenée à 256 jetons.",
}


def _user(local: str) -> User | None:
    return User.objects.filter(email=demo_email(local)).first()


def _seed_people(stdout) -> None:
    for slug, name, name_en, parent in content.TOPICS:
        Topic.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "parent": Topic.objects.get(slug=parent) if parent else None,
            },
        )
    for data in content.RESEARCHERS:
        data = dict(data)
        account = data.pop("account", None)
        user = _user(account) if account else None
        if (
            user is not None
            and Researcher.objects.filter(user=user).exclude(slug=data["slug"]).exists()
        ):
            user = None
        Researcher.objects.update_or_create(slug=data["slug"], defaults={**data, "user": user})

    reviewers = Group.objects.get_or_create(name=REVIEWERS_GROUP)[0]
    board = Group.objects.get_or_create(name=BOARD_GROUP)[0]
    supervisor = _user("supervisor")
    if supervisor:
        supervisor.groups.add(reviewers)
    member = _user("board")
    if member is None:
        password = secrets.token_urlsafe(9)
        member = user_create_with_verified_email(
            email=demo_email("board"),
            password=password,
            display_name="Comité éditorial de l'observatoire",
        )
        stdout.write(f"  {demo_email('board'):45} {password}  (observatory editorial board)")
    member.groups.add(board)
    elected = _user("elected")
    if elected:
        elected.groups.add(board)


def _seed_testimonies() -> list[Testimony]:
    existing = list(Testimony.objects.filter(author__email__endswith="@demo.ia-commune.localhost"))
    if existing:
        return existing
    moderator = _user("moderator")
    out = []
    for i, (local, anonymous, text) in enumerate(content.TESTIMONIES):
        out.append(
            Testimony.objects.create(
                author=_user(local),
                text=text,
                consent=True,
                anonymous=anonymous,
                status=TestimonyStatus.PUBLISHED,
                moderated_by=moderator,
                moderated_at=dt.datetime(2026, 5, 2 + i, 10, tzinfo=dt.UTC),
                submitted_at=dt.datetime(2026, 4, 20 + i, 18, tzinfo=dt.UTC),
            )
        )
    Testimony.objects.create(
        author=_user("resident2"),
        text="Au guichet de la CAF, l'agent m'a dit que « l'ordinateur » avait signalé mon dossier, "
        "sans pouvoir me dire pourquoi. Est-ce un système de la Ville ?",
        consent=True,
        anonymous=True,
    )
    return out


def _body(spec: dict, lang: str, testimony: Testimony | None) -> list[dict]:
    text = spec[lang]
    blocks = []
    for kind, value in text["paragraphs"]:
        if kind == "h2":
            blocks.append({"type": "heading", "value": {"text": value, "level": "h2"}})
        elif kind == "p":
            blocks.append({"type": "paragraph", "value": value})
        elif kind == "chart":
            title = CHART_TITLES[spec["slug"]][0 if lang == "fr" else 1]
            blocks.append(
                {
                    "type": "chart",
                    "value": {
                        "title": title,
                        "kind": "bar",
                        "data": spec["chart"] if lang == "fr" else spec["chart_en"],
                        "unit": "",
                        "description": "",
                        "source": "Observatoire IA Commune"
                        if lang == "fr"
                        else "IA Commune observatory",
                    },
                }
            )
        elif kind == "indicator":
            blocks.append(
                {"type": "indicator", "value": {"figure": spec["indicator"], "comment": ""}}
            )
        elif kind == "quote":
            blocks.append({"type": "quote", "value": {"quote": value[0], "attribution": value[1]}})
        elif kind == "testimony" and testimony is not None:
            blocks.append({"type": "testimony", "value": {"testimony": testimony.pk}})
        elif kind == "footnotes":
            blocks.append({"type": "footnotes", "value": {"notes": [f"<p>{n}</p>" for n in value]}})
        elif kind == "refs":
            blocks.append(
                {
                    "type": "references",
                    "value": {"references": [content.REFS[k] for k in spec["refs"]]},
                }
            )
    return blocks


def _analysis_fields(spec: dict, lang: str, testimony) -> dict:
    text = spec[lang]
    return {
        "title": text["title"],
        "lead": text["lead"],
        "summary": text["summary"],
        "body": _body(spec, lang, testimony),
    }


def _seed_analysis(index, index_en, spec: dict, testimony) -> None:
    existing = index.get_children().filter(slug=spec["slug"]).first()
    if existing is None:
        page = AnalysisPage(
            slug=spec["slug"],
            publication_date=dt.date(*spec["date"]),
            last_revised=dt.date(*spec["revised"]) if spec.get("revised") else None,
            authorships=[
                Authorship(researcher=Researcher.objects.get(slug=s), role=role, sort_order=i)
                for i, (s, role) in enumerate(spec["authors"])
            ],
            corrections=[
                Correction(corrected_on=dt.date(*spec["revised"]), text=spec["correction"]["fr"])
            ]
            if spec.get("correction")
            else [],
            **_analysis_fields(spec, "fr", testimony),
        )
        page.topics = list(Topic.objects.filter(slug__in=spec["topics"]))
        page.tags.add(*spec["tags"])
        page = add_child(index, page)
    else:
        page = existing.specific
    extra = {}
    if spec.get("correction"):
        extra["corrections"] = [
            Correction(corrected_on=dt.date(*spec["revised"]), text=spec["correction"]["en"])
        ]
    add_translation(page, "en", **_analysis_fields(spec, "en", testimony), **extra)


def _recommendations(lang: str) -> list[Recommendation]:
    out = []
    for i, (ref, priority, _status, fr, en) in enumerate(content.RECOMMENDATIONS):
        title, addressee, text = fr if lang == "fr" else en
        out.append(
            Recommendation(
                sort_order=i,
                reference=ref,
                title=title,
                addressee=addressee,
                text=text,
                priority=priority,
            )
        )
    return out


def _seed_report(index) -> None:
    fields = {k: v for k, v in content.REPORT["fr"].items()}
    page = add_child(
        index,
        AnnualReportPage(
            slug="rapport-2026",
            report_year=2026,
            publication_date=dt.date(2026, 10, 15),
            recommendations=_recommendations("fr"),
            **fields,
        ),
    )
    add_translation(page, "en", recommendations=_recommendations("en"), **content.REPORT["en"])
    if not RecommendationFollowUp.objects.filter(report_key=page.translation_key).exists():
        recorder = _user("elected")
        for ref, _priority, status, _fr, _en in content.RECOMMENDATIONS:
            if status != "awaiting":
                RecommendationFollowUp.objects.create(
                    report_key=page.translation_key,
                    reference=ref,
                    status=status,
                    note=FOLLOW_UP_NOTES.get(ref, ""),
                    recorded_on=dt.date(2026, 11, 15),
                    recorded_by=recorder,
                )


def seed(*, stdout) -> None:
    _seed_people(stdout)
    testimonies = _seed_testimonies()
    home = site_home("fr")
    index = add_child(home, ObservatoryIndexPage(slug="observatory", **content.INDEX["fr"]))
    index_en = add_translation(index, "en", **content.INDEX["en"])
    for spec in content.ANALYSES:
        _seed_analysis(index, index_en, spec, testimonies[0] if spec.get("testimony") else None)
    _seed_report(index)
    stdout.write(
        "Observatory: topics, members, three analyses and the 2026 report (French and English), "
        "testimonies."
    )
