"""Paper and counter ballots entered in batches under four-eyes, and merged into the results
with a breakdown by channel whose totals add up."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from accounts.roles import Role
from consultation import selectors, services
from consultation.models import (
    Ballot,
    PaperBatch,
    PaperBatchEntry,
    PaperBatchStatus,
    Phase,
)
from core.errors import Conflict, InvalidInput, NotAllowed
from tests.consultation.factories import UseCaseFactory, consultation_in, move_to
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def officer(**kw):
    return UserFactory(roles=[Role.COUNTER_AGENT], **kw)


@pytest.fixture
def consultation():
    consultation = consultation_in(Phase.VOTING, results_visibility="live")
    UseCaseFactory(consultation=consultation, title="Tri du courrier")
    UseCaseFactory(consultation=consultation, title="Chatbot des piscines")
    return consultation


def cases(consultation):
    return list(consultation.use_cases.order_by("title"))


def enter(consultation, who, counts, *, label="Mairie du 11e, urne 1", channel="paper"):
    return services.paper_batch_enter(
        officer=who, consultation=consultation, label=label, channel=channel, counts=counts
    )


def test_two_matching_entries_confirm_the_batch(consultation):
    chatbot, tri = cases(consultation)
    counts = {tri.pk: {"good": 3, "reject": 1}, chatbot.pk: {"excellent": 2}}
    first = enter(consultation, officer(), counts)
    assert first.batch.status == PaperBatchStatus.AWAITING_SECOND
    assert selectors.paper_grade_counts(consultation=consultation)["paper"] == {}
    second = enter(consultation, officer(), counts)
    batch = second.batch
    assert batch.status == PaperBatchStatus.CONFIRMED and batch.confirmed_entry == first
    assert AuditEntry.objects.filter(action="paper_batch.confirmed").count() == 1


def test_a_mismatch_is_refused_until_a_third_entry_matches_one(consultation):
    chatbot, tri = cases(consultation)
    right = {tri.pk: {"good": 3}}
    wrong = {tri.pk: {"good": 4}}
    enter(consultation, officer(), right)
    mismatch = enter(consultation, officer(), wrong)
    assert mismatch.batch.status == PaperBatchStatus.MISMATCH
    # Not counted while the entries differ.
    rows = {r["use_case"].pk: r for r in selectors.consultation_results(consultation=consultation)}
    assert rows[tri.pk]["ballots"] == 0
    assert selectors.paper_batch_differences(batch=mismatch.batch) == ["Tri du courrier"]
    # A third entry that matches neither leaves it refused.
    assert enter(consultation, officer(), {tri.pk: {"good": 5}}).batch.status == "mismatch"
    resolved = enter(consultation, officer(), right)
    assert resolved.batch.status == PaperBatchStatus.CONFIRMED
    assert resolved.batch.confirmed_entry.counts.get().count == 3
    rows = {r["use_case"].pk: r for r in selectors.consultation_results(consultation=consultation)}
    assert rows[tri.pk]["grade_counts"]["good"] == 3


def test_the_same_officer_cannot_enter_a_batch_twice(consultation):
    _chatbot, tri = cases(consultation)
    someone = officer()
    enter(consultation, someone, {tri.pk: {"good": 3}})
    with pytest.raises(Conflict) as refused:
        enter(consultation, someone, {tri.pk: {"good": 3}})
    assert refused.value.code == "same_officer"
    assert PaperBatchEntry.objects.count() == 1
    assert PaperBatch.objects.get().status == PaperBatchStatus.AWAITING_SECOND


def test_a_confirmed_batch_takes_no_further_entry(consultation):
    _chatbot, tri = cases(consultation)
    enter(consultation, officer(), {tri.pk: {"good": 3}})
    enter(consultation, officer(), {tri.pk: {"good": 3}})
    with pytest.raises(Conflict):
        enter(consultation, officer(), {tri.pk: {"good": 9}})


def test_totals_by_channel_add_up_and_enter_the_merit_profile(consultation):
    chatbot, tri = cases(consultation)
    for grade in ["good", "good", "reject"]:
        Ballot.objects.create(use_case=tri, voter=UserFactory(), grade=grade)
    paper = {tri.pk: {"excellent": 4, "good": 1}}
    counter = {tri.pk: {"reject": 2}, chatbot.pk: {"passable": 1}}
    for _ in range(2):
        enter(consultation, officer(), paper, label="Urne 1")
        enter(consultation, officer(), counter, label="Guichet 4", channel="counter")
    enter(consultation, officer(), {tri.pk: {"excellent": 50}}, label="Urne 2")  # unconfirmed

    rows = {r["use_case"].pk: r for r in selectors.consultation_results(consultation=consultation)}
    row = rows[tri.pk]
    channels = {c["channel"]: c for c in row["channels"]}
    assert [channels[c]["ballots"] for c in ("online", "paper", "counter")] == [3, 5, 2]
    assert row["ballots"] == 10 == sum(c["ballots"] for c in row["channels"])
    by_grade = [sum(c["counts"][i] for c in row["channels"]) for i in range(7)]
    assert by_grade == [d["count"] for d in row["distribution"]]
    assert row["grade_counts"] == {
        "excellent": 4,
        "very_good": 0,
        "good": 3,
        "fairly_good": 0,
        "passable": 0,
        "insufficient": 0,
        "reject": 3,
    }
    # 10 ballots, lower median = 5th worst: reject×3, good×3 → "good".
    assert row["median_grade"] == "good"
    assert rows[chatbot.pk]["ballots"] == 1 and rows[chatbot.pk]["median_grade"] == "passable"


def test_results_come_from_aggregates_in_a_bounded_number_of_queries(
    consultation, django_assert_max_num_queries
):
    _chatbot, tri = cases(consultation)
    for label in ("A", "B", "C", "D"):
        for _ in range(2):
            enter(consultation, officer(), {tri.pk: {"good": 2}}, label=label)
    with django_assert_max_num_queries(3):
        rows = selectors.consultation_results(consultation=consultation)
    assert {r["use_case"].pk: r["ballots"] for r in rows}[tri.pk] == 8


def test_the_results_page_shows_the_breakdown_with_totals(client, consultation):
    chatbot, tri = cases(consultation)
    Ballot.objects.create(use_case=tri, voter=UserFactory(), grade="good")
    for _ in range(2):
        enter(consultation, officer(), {tri.pk: {"good": 2}})
    html = client.get(reverse("consultation:results", args=[consultation.slug])).content.decode()
    section = html[html.index('id="channels-title"') :]
    table = section[section.index("Tri du courrier") :]
    table = table[: table.index("</table>")]

    def cells(channel):
        row = table[table.index(f'data-channel="{channel}"') :]
        row = row[: row.index("</tr>")]
        return [int(c.split("</td>")[0]) for c in row.split('<td class="num">')[1:]]

    # Grades best first (excellent … reject), then the total.
    assert cells("online") == [0, 0, 1, 0, 0, 0, 0, 1]
    assert cells("paper") == [0, 0, 2, 0, 0, 0, 0, 2]
    assert cells("counter") == [0] * 8
    assert cells("total") == [0, 0, 3, 0, 0, 0, 0, 3]


@pytest.mark.parametrize(
    ("counts", "label", "channel"),
    [
        ("empty", "Urne", "paper"),
        ("negative", "Urne", "paper"),
        ("unknown grade", "Urne", "paper"),
        ("other consultation", "Urne", "paper"),
        ("ok", "   ", "paper"),
        ("ok", "Urne", "online"),
    ],
)
def test_bad_batches_are_refused(consultation, counts, label, channel):
    _chatbot, tri = cases(consultation)
    counts = {
        "negative": {tri.pk: {"good": -1}},
        "unknown grade": {tri.pk: {"superb": 1}},
        "other consultation": {UseCaseFactory().pk: {"good": 1}},
        "ok": {tri.pk: {"good": 1}},
        "empty": {tri.pk: {"good": 0}},
    }[counts]
    with pytest.raises(InvalidInput):
        enter(consultation, officer(), counts, label=label, channel=channel)
    assert not PaperBatchEntry.objects.exists()


def test_batches_are_entered_only_from_the_vote_to_the_answer(consultation):
    _chatbot, tri = cases(consultation)
    move_to(consultation, Phase.INFORMATION)
    with pytest.raises(Conflict):
        enter(consultation, officer(), {tri.pk: {"good": 1}})
    move_to(consultation, Phase.ANALYSIS)
    assert enter(consultation, officer(), {tri.pk: {"good": 1}}).pk


# --- Views: permission matrix and bad input --------------------------------------------------
ROLES = {
    "visitor": None,
    "resident": [Role.RESIDENT],
    "agent": [Role.AGENT],
    "moderator": [Role.MODERATOR],
    "elected": [Role.ELECTED],
    "counter_agent": [Role.COUNTER_AGENT],
}


def form_data(consultation, **overrides):
    _chatbot, tri = cases(consultation)
    return {"label": "Urne 1", "channel": "paper", f"uc{tri.pk}_good": "3", **overrides}


@pytest.mark.parametrize("role", list(ROLES))
def test_permission_matrix(client, consultation, role):
    if ROLES[role]:
        client.force_login(UserFactory(roles=ROLES[role]))
    url = reverse("consultation:paper-ballots", args=[consultation.slug])
    page = client.get(url)
    posted = client.post(url, form_data(consultation))
    if role == "counter_agent":
        assert page.status_code == 200 and posted.status_code == 302
        assert PaperBatchEntry.objects.count() == 1
        return
    expected = 302 if role == "visitor" else 403
    assert page.status_code == posted.status_code == expected
    assert not PaperBatchEntry.objects.exists()
    if ROLES[role]:
        with pytest.raises(NotAllowed):
            enter(
                consultation,
                UserFactory(roles=ROLES[role]),
                {cases(consultation)[1].pk: {"good": 1}},
            )


def test_the_second_entry_by_the_same_officer_is_shown_as_a_409_with_values_kept(
    client, consultation
):
    client.force_login(officer())
    url = reverse("consultation:paper-ballots", args=[consultation.slug])
    assert client.post(url, form_data(consultation)).status_code == 302
    again = client.post(url, form_data(consultation))
    assert again.status_code == 409
    assert "un autre agent doit le saisir" in str(again.context["form"].non_field_errors())
    assert again.context["form"]["label"].value() == "Urne 1"


def test_a_negative_count_is_a_400_with_values_kept(client, consultation):
    client.force_login(officer())
    _chatbot, tri = cases(consultation)
    url = reverse("consultation:paper-ballots", args=[consultation.slug])
    response = client.post(url, form_data(consultation, **{f"uc{tri.pk}_reject": "-2"}))
    assert response.status_code == 400
    form = response.context["form"]
    assert f"uc{tri.pk}_reject" in form.errors
    assert form[f"uc{tri.pk}_good"].value() == "3"
    assert not PaperBatchEntry.objects.exists()


def test_the_mismatch_is_shown_to_officers_without_the_figures(client, consultation):
    _chatbot, tri = cases(consultation)
    enter(consultation, officer(), {tri.pk: {"good": 3}})
    enter(consultation, officer(), {tri.pk: {"good": 4}})
    client.force_login(officer())
    html = client.get(
        reverse("consultation:paper-ballots", args=[consultation.slug])
    ).content.decode()
    assert "Saisies différentes (non compté)" in html and "Tri du courrier" in html
