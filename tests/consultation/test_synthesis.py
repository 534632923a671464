"""Debate synthesis: themes, votes, verification, sign-off, visibility, flags (no model here;
the model-driven tests are in test_synthesis_model.py)."""

import pytest
from django.test import Client

from accounts.roles import Role
from consultation import selectors, services
from consultation.models import Comment, Synthesis, SynthesisFlag, SynthesisStatus
from consultation.services.synthesis import (
    comment_sources,
    sentence_recheck,
    synthesis_is_outdated,
    synthesis_themes,
)
from core.errors import InvalidInput, NotAllowed
from tests.consultation.debate_fixture import crafted_synthesis as _draft
from tests.consultation.debate_fixture import debate_build
from tests.consultation.factories import UseCaseFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def debate():
    return debate_build()


def test_the_three_themes_of_the_fixture_debate_are_found(debate):
    themes = synthesis_themes(use_case=debate["use_case"])
    assert len(themes) == 3
    truth = {c.pk: name for name, rows in debate["comments"].items() for c in rows}
    for theme in themes:
        names = [truth[c.pk] for c in theme["comments"]]
        majority = max(set(names), key=names.count)
        assert names.count(majority) / len(names) >= 0.9, (theme["keywords"], names)
    assert sorted(len(t["comments"]) for t in themes) == [20, 20, 20]


def test_themes_leave_out_hidden_comments(debate):
    hidden = debate["comments"]["privacy"][3]
    Comment.objects.filter(pk=hidden.pk).update(is_hidden=True)
    ids = {c.pk for t in synthesis_themes(use_case=debate["use_case"]) for c in t["comments"]}
    assert hidden.pk not in ids
    assert len(ids) == 59


def test_bridging_and_divisive_comments_are_those_the_fixture_built(debate):
    result = selectors.consensus_and_division(use_case=debate["use_case"])
    assert {r["comment_id"] for r in result["bridging"]} == debate["bridging"]
    assert {r["comment_id"] for r in result["divisive"]} == debate["divisive"]
    assert (result["supporters"], result["opponents"]) == (12, 12)
    for row in result["bridging"]:
        assert (row["supporters_pct"], row["opponents_pct"]) == (100, 100)


def test_vote_groups_are_one_aggregate_query(debate, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = selectors.comment_vote_groups(use_case=debate["use_case"])
    assert len(rows) == 6 + 9  # the built ones, and the noise


def test_sources_hold_only_visible_comments_of_this_use_case(debate):
    use_case = debate["use_case"]
    visible, hidden = debate["comments"]["privacy"][:2]
    Comment.objects.filter(pk=hidden.pk).update(pending_review=True)
    other = UseCaseFactory()
    foreign = Comment.objects.create(
        use_case=other, author=UserFactory(), body="Les données personnelles", body_html="x"
    )
    sources = comment_sources(
        use_case=use_case, comments=[visible, Comment.objects.get(pk=hidden.pk), foreign]
    )
    assert [s.key for s in sources] == [str(visible.pk)]
    assert sources[0].url.endswith(f"#comment-{visible.pk}")


def test_a_crafted_draft_citing_a_hidden_comment_is_refused_at_sign_off(debate):
    use_case = debate["use_case"]
    good, bad = debate["comments"]["privacy"][0], debate["comments"]["privacy"][1]
    synthesis = _draft(
        use_case,
        [
            ("Les habitants demandent une anonymisation stricte des données.", [good.pk]),
            ("La vie privée des usagers inquiète le quartier.", [bad.pk]),
        ],
    )
    Comment.objects.filter(pk=bad.pk).update(is_hidden=True)
    moderator = UserFactory(roles=[Role.MODERATOR])
    with pytest.raises(InvalidInput) as refused:
        services.synthesis_publish(
            user=moderator, synthesis=synthesis, edits={}, reviewer_title="M. Modo"
        )
    assert "vie privée" in refused.value.message
    synthesis.refresh_from_db()
    assert synthesis.status == SynthesisStatus.DRAFT
    # removing the sentence lets the rest through
    services.synthesis_publish(
        user=moderator, synthesis=synthesis, edits={"t1.summary.1": ""}, reviewer_title="M. Modo"
    )
    synthesis.refresh_from_db()
    assert [s["text"] for s in synthesis.published["themes"][0]["parts"]["summary"]] == [
        "Les habitants demandent une anonymisation stricte des données."
    ]


def test_a_sentence_citing_another_debates_comment_or_misquoting_does_not_hold(debate):
    use_case = debate["use_case"]
    comment = debate["comments"]["cost"][0]
    foreign = Comment.objects.create(
        use_case=UseCaseFactory(), author=UserFactory(), body="Le coût du projet", body_html="x"
    )
    assert (
        sentence_recheck(
            use_case=use_case,
            sentence={"text": "Le coût du projet inquiète.", "comment_ids": [foreign.pk]},
        )
        == "unknown_source"
    )
    assert (
        sentence_recheck(
            use_case=use_case,
            sentence={
                "text": "Un habitant écrit « le coût du projet est raisonnable ».",
                "comment_ids": [comment.pk],
            },
        )
        == "misquote"
    )
    assert (
        sentence_recheck(
            use_case=use_case,
            sentence={"text": "Le coût du projet paraît trop élevé.", "comment_ids": [comment.pk]},
        )
        is None
    )


def test_an_unsigned_synthesis_is_404_to_the_public_and_to_residents(debate):
    synthesis = _draft(
        debate["use_case"],
        [("Le budget municipal pèse sur les finances.", [debate["comments"]["cost"][3].pk])],
    )
    url = synthesis.get_absolute_url()
    assert Client().get(url).status_code == 404
    resident = Client()
    resident.force_login(UserFactory(roles=[Role.RESIDENT]))
    assert resident.get(url).status_code == 404
    for role in (Role.MODERATOR, Role.ELECTED):
        reviewer = Client()
        reviewer.force_login(UserFactory(roles=[role]))
        assert reviewer.get(url).status_code == 200
    services.synthesis_publish(
        user=UserFactory(roles=[Role.ELECTED]),
        synthesis=synthesis,
        edits={"t1.summary.0": "Le budget municipal pèse lourdement sur les finances."},
        reviewer_title="Mme l'adjointe au numérique",
    )
    page = Client().get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mme l&#x27;adjointe au numérique" in html
    # the sentence links to its comment (the page of the debate that shows it)
    assert f'href="/consultations/comments/{debate["comments"]["cost"][3].pk}/"' in html
    assert "</span>lourdement <span" in html  # the diff between the AI draft and the published text


def test_only_moderators_and_elected_officials_may_ask_for_a_synthesis(debate):
    use_case = debate["use_case"]
    for roles in ([Role.RESIDENT], [Role.AGENT]):
        with pytest.raises(NotAllowed):
            services.synthesis_request(user=UserFactory(roles=roles), use_case=use_case)
    client = Client()
    client.force_login(UserFactory(roles=[Role.RESIDENT]))
    assert client.post(f"/consultations/use-cases/{use_case.pk}/synthesis/").status_code == 403
    assert not Synthesis.objects.exists()


def test_a_synthesis_request_is_drafted_after_commit_and_the_page_shows_the_placeholder(
    debate, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/consultations/use-cases/{debate['use_case'].pk}/synthesis/")
    synthesis = Synthesis.objects.get()
    assert response.status_code == 302 and response["Location"] == synthesis.get_absolute_url()
    assert len(callbacks) == 1  # the drafting task, queued on commit
    page = client.get(synthesis.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page
    assert synthesis.status == SynthesisStatus.PENDING


def test_flags_reach_the_reviewers_queue(debate):
    synthesis = _draft(
        debate["use_case"],
        [
            (
                "Les personnes sourdes exigent des sous-titres fiables.",
                [debate["comments"]["access"][5].pk],
            )
        ],
    )
    services.synthesis_publish(
        user=UserFactory(roles=[Role.MODERATOR]), synthesis=synthesis, edits={}, reviewer_title="M"
    )
    resident = Client()
    resident.force_login(UserFactory(roles=[Role.RESIDENT]))
    response = resident.post(
        f"/consultations/syntheses/{synthesis.pk}/flag/",
        {"sentence": "t1.summary.0", "details": "Je parlais des personnes âgées."},
    )
    assert response.status_code == 302
    flag = SynthesisFlag.objects.get()
    assert flag.sentence_text.startswith("Les personnes sourdes")
    moderator = Client()
    moderator.force_login(UserFactory(roles=[Role.MODERATOR]))
    queue = moderator.get("/consultations/syntheses/").content.decode()
    assert "Je parlais des personnes âgées." in queue
    assert resident.get("/consultations/syntheses/").status_code == 403


def test_new_comments_after_publication_mark_it_to_be_updated(debate):
    synthesis = _draft(
        debate["use_case"],
        [("Le budget municipal pèse sur les finances.", [debate["comments"]["cost"][3].pk])],
    )
    moderator = UserFactory(roles=[Role.MODERATOR])
    services.synthesis_publish(user=moderator, synthesis=synthesis, edits={}, reviewer_title="M")
    assert not synthesis_is_outdated(synthesis=synthesis)
    assert synthesis not in selectors.synthesis_review_queue()
    published = synthesis.published
    Comment.objects.create(
        use_case=debate["use_case"], author=UserFactory(), body="Un nouvel avis.", body_html="x"
    )
    assert synthesis_is_outdated(synthesis=synthesis)
    # The reviewers' queue lists it again, marked.
    assert list(selectors.synthesis_review_queue()) == [synthesis]
    reviewers = Client(HTTP_ACCEPT_LANGUAGE="en")
    reviewers.force_login(moderator)
    queue = reviewers.get("/en/consultations/syntheses/").content.decode()
    assert "to be updated: new comments since it was drafted" in queue
    assert (
        "To be updated"
        in Client(HTTP_ACCEPT_LANGUAGE="en")
        .get(f"/en/consultations/syntheses/{synthesis.pk}/")
        .content.decode()
    )
    synthesis.refresh_from_db()
    assert synthesis.published == published  # never changed silently


def test_a_signed_synthesis_is_context_on_the_answer_form_and_the_dashboard(debate):
    use_case = debate["use_case"]
    synthesis = _draft(
        use_case,
        [("Le budget municipal pèse sur les finances.", [debate["comments"]["cost"][3].pk])],
    )
    services.synthesis_publish(
        user=UserFactory(roles=[Role.MODERATOR]), synthesis=synthesis, edits={}, reviewer_title="M"
    )
    elected = Client()
    elected.force_login(UserFactory(roles=[Role.ELECTED]))
    form = elected.get(f"/consultations/use-cases/{use_case.pk}/answer/").content.decode()
    assert "Le budget municipal pèse sur les finances." in form
    dashboard = elected.get(f"/consultations/{use_case.consultation.slug}/dashboard/")
    assert "Le budget municipal pèse sur les finances." in dashboard.content.decode()


def test_only_a_signed_synthesis_reaches_the_answer_form_the_dashboard_and_its_pdf(debate):
    import io

    from pypdf import PdfReader

    use_case = debate["use_case"]
    sentence = "Le budget municipal pèse sur les finances."
    synthesis = _draft(use_case, [(sentence, [debate["comments"]["cost"][3].pk])])
    elected = Client()
    elected.force_login(UserFactory(roles=[Role.ELECTED]))
    slug = use_case.consultation.slug

    def pdf_text() -> str:
        pdf = elected.get(f"/consultations/{slug}/dashboard.pdf")
        assert pdf["Content-Type"] == "application/pdf"
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        return " ".join(text.split())

    assert (
        sentence
        not in elected.get(f"/consultations/use-cases/{use_case.pk}/answer/").content.decode()
    )
    assert sentence not in pdf_text()  # a draft nobody signed is context for no one
    services.synthesis_publish(
        user=UserFactory(roles=[Role.MODERATOR]),
        synthesis=synthesis,
        edits={},
        reviewer_title="Mme Durand, modératrice",
    )
    text = pdf_text()
    assert sentence in text
    assert "assistée par l’IA, relue par Mme Durand, modératrice" in text
