"""A moderator has the city's model draft a debate's synthesis, follows a citation, edits a
sentence and signs it off; a resident reads it, follows a sentence to its comment, flags a
sentence, then reads the dossier in English. Real model (SmolLM2), real Chromium, axe on every
page.

The small model writes poor French: nothing here depends on its wording. What is checked is
structure and behaviour: every sentence shown has citations, each verified against the debate;
a citation lands on its comment; the signature label; the flag in the reviewers' queue; the
English version produced by the model, labelled.

The debate has 32 comments in two themes, more than one page of the debate (20 per page): the
comments the model is given as sources (the six best-supported of each theme) are the oldest,
on the debate's second page, so a citation link must bring the reader to that page.
"""

import re
from datetime import timedelta

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from django.utils.html import escape
from playwright.sync_api import expect

from accounts.roles import Role
from consultation.models import (
    Alignment,
    Comment,
    Synthesis,
    SynthesisFlag,
    SynthesisStatus,
    UseCase,
)
from consultation.services.synthesis import sentence_recheck, sentences_of
from consultation.services.translation import TRANSLATABLE
from consultation.views.synthesis import PART_TITLES
from core.models import Translation, TranslationStatus
from inference_bridge.services import node_in_process_ensure
from tests.consultation.factories import UseCaseFactory, closed_consultation
from tests.factories import DEFAULT_PASSWORD, UserFactory

# Fixed primary keys: the model is given "comment #<pk>" labels, so the same keys give it the
# same prompts (temperature 0: the same draft on every run).
pytestmark = [pytest.mark.django_db(transaction=True, reset_sequences=True), pytest.mark.model]

MODEL_TIMEOUT_MS = 300_000  # the shared test machine may run the model slowly
PER_PAGE = 20

THEMES = {
    "subtitles": "veut des sous-titres automatiques sur les vidéos des séances du conseil "
    "pour les personnes sourdes",
    "budget": "trouve que le coût des serveurs de calcul pèse trop sur le budget de la Ville",
}
NAMES = [
    "Amandine", "Bastien", "Chloé", "Damien", "Elodie", "Florent", "Gaëlle", "Hugo",
    "Inès", "Jules", "Karima", "Lucien", "Manon", "Nadir", "Océane", "Pascal",
    "Quentin", "Rachida", "Sandrine", "Thibault", "Ulysse", "Valérie", "William", "Xavier",
    "Yasmine", "Zoé", "Anatole", "Bérénice", "Cyprien", "Delphine", "Edmond", "Fanny",
]  # fmt: skip
DOSSIER = {
    "title": "Sous-titrer les séances du conseil",
    "summary": "La Ville sous-titre les vidéos des séances.",
    "problem": "Les personnes sourdes ne suivent pas les séances.",
    "proposed_ai": "Un modèle de reconnaissance de la parole.",
    "data_used": "Le son des séances publiques.",
    "people_affected": "Les habitants sourds ou malentendants.",
    "expected_benefits": "Des séances accessibles à tous.",
    "risks": "Des erreurs dans les sous-titres.",
    "alternatives": "Des interprètes en langue des signes.",
}


def debate_with_two_pages() -> tuple[UseCase, list[Comment]]:
    """32 neutral comments, two themes; the 12 oldest are the best supported (the model's
    sources), the 20 newest fill the debate's first page."""
    use_case = UseCaseFactory(consultation=closed_consultation(), **DOSSIER)
    authors = [UserFactory(display_name=f"Habitant {i}") for i in range(4)]
    start = timezone.now() - timedelta(days=3)
    rows = []
    for i, name in enumerate(NAMES):
        body = f"{name} {THEMES['subtitles' if i % 2 == 0 else 'budget']}."
        rows.append(
            Comment(
                use_case=use_case,
                author=authors[i % 4],
                body=body,
                body_html=f"<p>{escape(body)}</p>",
                alignment=Alignment.NEUTRAL,
                score=100 - i if i < 12 else 0,
                created_at=start + timedelta(minutes=i),
            )
        )
    comments = Comment.objects.bulk_create(rows)
    for comment in comments:
        comment.root = comment
    Comment.objects.bulk_update(comments, ["root"])
    return use_case, comments


def login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def cited_comment(href: str) -> int:
    """The comment a citation link names: /consultations/comments/<pk>/ (or …#comment-<pk>)."""
    return int(re.search(r"(?:/comments/|#comment-)(\d+)/?$", href).group(1))


def follow_citation(page, link, comments_by_pk: dict[int, Comment]) -> Comment:
    """Click a citation link: the reader lands on that comment of the debate, in view."""
    comment = comments_by_pk[cited_comment(link.get_attribute("href"))]
    link.click()
    expect(page).to_have_url(
        re.compile(
            rf"/consultations/use-cases/{comment.use_case_id}/(\?page=\d+)?#comment-{comment.pk}$"
        )
    )
    target = page.locator(f"#comment-{comment.pk}")
    expect(target, f"comment #{comment.pk} is not on the page the link led to").to_have_count(1)
    expect(target).to_be_in_viewport()
    expect(target.locator(".comment__body").first).to_have_text(comment.body)
    return comment


def test_moderator_signs_off_a_synthesis_a_resident_reads_flags_and_reads_in_english(
    browser, asgi_live_server, page, axe
):
    from django.core.cache import cache

    cache.clear()  # rate limits of an earlier test in this process
    node_in_process_ensure()
    use_case, comments = debate_with_two_pages()
    by_pk = {c.pk: c for c in comments}
    first_page = {c.pk for c in sorted(comments, key=lambda c: c.created_at)[-PER_PAGE:]}
    moderator = UserFactory(roles=[Role.MODERATOR], display_name="Camille Martin")
    resident = UserFactory(roles=[Role.RESIDENT], display_name="Karim")

    resident_context = browser.new_context(base_url=asgi_live_server.url, locale="fr-FR")
    resident_context.set_default_timeout(20_000)
    reader = resident_context.new_page()
    login(reader, resident)

    # --- The moderator asks for a draft, from the use case's page -------------------------
    login(page, moderator)
    page.goto(use_case.get_absolute_url())
    axe(page, "use case page (moderator)")
    page.get_by_role("button", name="Rédiger une synthèse avec l’IA de la Ville").click(
        timeout=MODEL_TIMEOUT_MS
    )
    # Drafted in the background (eagerly in tests); the page shows the draft once it exists.
    sign_off = page.get_by_role("link", name="Corriger et valider")
    failed = page.get_by_text("Le brouillon n’a pas pu être rédigé")
    expect(sign_off.or_(failed)).to_be_visible(timeout=MODEL_TIMEOUT_MS)
    synthesis = Synthesis.objects.get(use_case=use_case)
    assert synthesis.status == SynthesisStatus.DRAFT, synthesis.error
    assert page.url.endswith(synthesis.get_absolute_url())
    expect(page.locator(".badge--ai")).to_contain_text("Synthèse assistée par l’IA")
    axe(page, "synthesis draft")

    # Every sentence shown cites comments of this debate, verified; none of them is public.
    sentences = sentences_of(synthesis.draft)
    assert sentences, f"the model's draft kept no sentence: {synthesis.draft}"
    shown = page.locator(".synthesis-sentences > li")
    expect(shown).to_have_count(len(sentences))
    for sentence in sentences:
        assert set(sentence["comment_ids"]) <= set(by_pk)
        assert sentence_recheck(use_case=use_case, sentence=sentence) is None, sentence
        links = page.locator(f"[id='s-{sentence['id']}'] a.citation")
        expect(links).to_have_count(len(set(sentence["comment_ids"])))
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert {cited_comment(h) for h in hrefs} == set(sentence["comment_ids"])
    # The sources are the debate's best-supported comments: none is on its first page.
    assert not {i for s in sentences for i in s["comment_ids"]} & first_page

    # The moderator follows the first citation to its comment.
    first = sentences[0]
    follow_citation(page, page.locator(f"[id='s-{first['id']}'] a.citation").first, by_pk)
    page.go_back()

    # Not public before it is signed off: the resident gets a 404.
    assert reader.request.get(synthesis.get_absolute_url()).status == 404

    # --- Edit one sentence, sign, publish --------------------------------------------------
    page.get_by_role("link", name="Corriger et valider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Corriger et valider la synthèse")
    axe(page, "synthesis review form")
    theme_key, part, index = first["id"].split(".")
    with translation.override("fr"):
        label = f"Thème {theme_key[1:]}, {PART_TITLES[part]} : phrase {int(index) + 1}"
    box = page.get_by_label(f"{label} (facultatif)", exact=True)
    expect(box).to_have_value(first["text"])
    edited = f"Selon les habitants, {first['text']}"
    box.fill(edited)
    page.get_by_label("Signé par (nom et fonction)").fill("Camille Martin, modératrice")
    page.get_by_role("button", name="Valider et publier").click()
    expect(page.locator(".messages")).to_contain_text("La synthèse est validée et publiée.")
    synthesis.refresh_from_db()
    assert synthesis.status == SynthesisStatus.PUBLISHED
    assert synthesis.reviewed_by == moderator
    assert sentences_of(synthesis.published)[0]["text"] == edited
    assert sentences_of(synthesis.draft)[0]["text"] == first["text"]  # the AI's draft is kept
    expect(page.locator(".diff ins").first).to_contain_text("Selon les habitants,")

    # --- A resident reads it, labelled and signed -------------------------------------------
    reader.goto(use_case.get_absolute_url())
    with translation.override("fr"):
        day = date_filter(timezone.localtime(synthesis.published_at), "j F Y")
    expect(reader.locator("#synthesis")).to_contain_text(
        f"assistée par l’IA, relue par Camille Martin, modératrice le {day}"
    )
    reader.get_by_role("link", name="Lire la synthèse du débat").click()
    expect(reader.locator(".synthesis-signature")).to_have_text(
        f"Synthèse assistée par l’IA, relue par Camille Martin, modératrice le {day}."
    )
    expect(reader.locator(".synthesis-sentences > li").first).to_contain_text(edited)
    axe(reader, "published synthesis (resident)")

    # From a sentence to the comment it rests on: the last sentence's last citation.
    published = sentences_of(synthesis.published)
    last = published[-1]
    links = reader.locator(f"[id='s-{last['id']}'] a.citation")
    follow_citation(reader, links.last, by_pk)
    reader.go_back()

    # "My view is misrepresented" on the first sentence: confirmed, and in the reviewers' queue.
    sentence_item = reader.locator(f"[id='s-{published[0]['id']}']")
    sentence_item.get_by_text("Mon avis est déformé").click()
    sentence_item.get_by_label("Qu’est-ce que cette phrase déforme de votre avis ?").fill(
        "Je n'ai jamais parlé des habitants en général."
    )
    sentence_item.get_by_role("button", name="Envoyer aux relecteurs").click()
    expect(reader.locator(".messages")).to_contain_text(
        "Merci : les relecteurs examineront votre signalement."
    )
    axe(reader, "synthesis after a flag")
    flag = SynthesisFlag.objects.get(synthesis=synthesis)
    assert (flag.reporter, flag.sentence, flag.status) == (resident, published[0]["id"], "open")
    assert flag.sentence_text == edited
    page.goto("/consultations/syntheses/")
    queue_item = page.locator("#flags-title + ul > li")
    expect(queue_item).to_have_count(1)
    expect(queue_item).to_contain_text("Je n'ai jamais parlé des habitants en général.")
    expect(queue_item.get_by_role("link")).to_have_attribute(
        "href", f"{synthesis.get_absolute_url()}#s-{published[0]['id']}"
    )
    axe(page, "reviewers' queue")

    # --- The resident reads the dossier in English ------------------------------------------
    reader.goto(use_case.get_absolute_url())
    reader.locator("header .read-in").get_by_role("link", name="Lire en anglais").click()
    expect(reader).to_have_url(re.compile(rf"/consultations/read/use-case/{use_case.pk}/en/$"))
    axe(reader, "English version, not asked for yet")
    reader.get_by_role("button", name="Préparer cette version").click(timeout=MODEL_TIMEOUT_MS)
    # Produced by the model in the background behind a placeholder that refreshes itself:
    # wait until every field of the dossier shows its labelled English version.
    fields = TRANSLATABLE["use-case"][1]
    labels = reader.locator("dl.translation .badge--ai")
    expect(labels).to_have_count(len(fields), timeout=MODEL_TIMEOUT_MS)
    # (the label starts with a decorative mark, hidden from assistive technology)
    expect(labels.first).to_contain_text("Traduction automatique — IA de la Ville")
    expect(reader.locator("dl.translation [lang=en]")).to_have_count(len(fields))
    for i in range(len(fields)):
        expect(reader.locator("dl.translation [lang=en]").nth(i)).to_have_text(re.compile(r"\w"))
    rows = Translation.objects.filter(
        content_type__model="usecase", object_id=str(use_case.pk), language="en"
    )
    assert sorted(rows.values_list("field", flat=True)) == sorted(fields)
    assert set(rows.values_list("status", flat=True)) == {TranslationStatus.READY}
    axe(reader, "English version of the dossier")
    resident_context.close()
