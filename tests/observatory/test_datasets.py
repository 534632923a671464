"""Research dataset releases: no direct identifier, small groups suppressed, checksums that match
the bytes, immutability, and a new version only when the content changed."""

import csv
import hashlib
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.models import User
from inference_bridge.models import SharedConversation, UsageRecord
from observatory.models import DatasetKind, DatasetRelease
from observatory.research_services import dataset_release_publish
from tests.observatory.research_factories import comment, make_dataset, use_case, vote

pytestmark = pytest.mark.django_db


def _read(release, name) -> str:
    file = release.files.get(name=name)
    with file.file.open("rb") as handle:
        return handle.read().decode()


def _rows(release, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(_read(release, name))))


def _voters(n, *, arrondissement="", age_bracket="", prefix="v"):
    return [
        User.objects.create(
            email=f"{prefix}{i}-{arrondissement}-{age_bracket}@example.org",
            display_name=f"Zoé Unique{prefix}{i}{arrondissement}",
            arrondissement=arrondissement,
            age_bracket=age_bracket,
        )
        for i in range(n)
    ]


@pytest.fixture
def k3(settings):
    settings.OBSERVATORY_DATASET_MIN_GROUP = 3
    return 3


def test_ballots_and_comments_release_carries_no_direct_identifier(k3):
    case = use_case()
    voters = _voters(4, arrondissement="11", age_bracket="25_34")
    for voter in voters:
        vote(voter, case)
    first = comment(voters[0], case, body="Je suis pour, avec un agent qui relit.")
    comment(voters[1], case, body="Plutôt contre.", parent=first, depth=2)
    release = dataset_release_publish(dataset=make_dataset())

    everything = "".join(_read(release, f.name) for f in release.files.all())
    for voter in voters:
        assert voter.email not in everything
        assert voter.display_name not in everything
    ballots = _rows(release, "ballots.csv")
    comments = _rows(release, "comments.csv")
    assert len(ballots) == 4 and len(comments) == 2
    user_ids = {str(v.pk) for v in voters}
    comment_ids = {str(c) for c in case.comments.values_list("pk", flat=True)}
    pseudonyms = {row["voter"] for row in ballots} | {row["author"] for row in comments}
    assert not pseudonyms & user_ids
    assert not {row["comment"] for row in comments} & comment_ids
    assert all(len(p) == 20 and int(p, 16) >= 0 for p in pseudonyms)
    # The pseudonyms link a person's ballot and comment, and a reply to its parent.
    by_author = {row["author"] for row in comments}
    assert by_author <= {row["voter"] for row in ballots}
    reply = next(row for row in comments if row["reply_to"])
    assert reply["reply_to"] == next(row["comment"] for row in comments if not row["reply_to"])
    # Days only, never the time of day.
    assert all(len(row["cast_on"]) == 10 for row in ballots)


def test_small_arrondissement_age_groups_are_blanked(k3):
    case = use_case()
    crowd = _voters(3, arrondissement="11", age_bracket="25_34", prefix="c")
    lonely = _voters(1, arrondissement="5", age_bracket="65_plus", prefix="l")
    pair = _voters(2, arrondissement="11", age_bracket="65_plus", prefix="p")
    for voter in [*crowd, *lonely, *pair]:
        vote(voter, case)
    rows = _rows(dataset_release_publish(dataset=make_dataset()), "ballots.csv")

    shown = [(r["arrondissement"], r["age_bracket"]) for r in rows if r["arrondissement"]]
    assert shown == [("11", "25_34")] * 3
    assert "5" not in {r["arrondissement"] for r in rows}
    assert "65_plus" not in {r["age_bracket"] for r in rows}
    # Whatever the file shows, every group shown holds at least k people.
    people = {}
    for row in rows:
        if row["arrondissement"] or row["age_bracket"]:
            people.setdefault((row["arrondissement"], row["age_bracket"]), set()).add(row["voter"])
    assert all(len(voters) >= k3 for voters in people.values())


def test_hidden_and_pending_comments_are_left_out(k3):
    case = use_case()
    author = _voters(1)[0]
    comment(author, case, body="Visible par tous.")
    comment(author, case, body="Masqué par la modération.", is_hidden=True)
    comment(author, case, body="En attente de relecture.", pending_review=True)
    text = _read(dataset_release_publish(dataset=make_dataset()), "comments.csv")
    assert "Visible par tous." in text
    assert "Masqué" not in text and "En attente" not in text


def test_checksums_sizes_and_row_counts_match_the_stored_files(k3):
    case = use_case()
    for voter in _voters(5):
        vote(voter, case)
    release = dataset_release_publish(dataset=make_dataset())
    assert {f.name for f in release.files.all()} == {
        "ballots.csv",
        "comments.csv",
        "datasheet.json",
    }
    for file in release.files.all():
        with file.file.open("rb") as handle:
            data = handle.read()
        assert hashlib.sha256(data).hexdigest() == file.sha256
        assert len(data) == file.size
        if file.name.endswith(".csv"):
            assert data.decode().count("\n") - 1 == file.rows
    sheet = json.loads(_read(release, "datasheet.json"))
    assert sheet["version"] == 1 and sheet["smallest_group_shown"] == 3
    listed = {f["name"]: f["sha256"] for f in sheet["files"]}
    assert listed["ballots.csv"] == release.files.get(name="ballots.csv").sha256


def test_pseudonyms_hold_within_a_release_and_change_between_releases(k3):
    case, other = use_case(), use_case()
    voter = _voters(1)[0]
    vote(voter, case)
    vote(voter, other)
    dataset = make_dataset()
    first = _rows(dataset_release_publish(dataset=dataset), "ballots.csv")
    second = _rows(dataset_release_publish(dataset=dataset, force=True), "ballots.csv")
    assert first[0]["voter"] == first[1]["voter"]
    assert first[0]["voter"] != second[0]["voter"]


def test_unchanged_content_is_not_released_again_and_a_change_is(k3):
    case = use_case()
    voters = _voters(2)
    vote(voters[0], case)
    dataset = make_dataset()
    assert dataset_release_publish(dataset=dataset).version == 1
    assert dataset_release_publish(dataset=dataset) is None
    vote(voters[1], case)
    assert dataset_release_publish(dataset=dataset).version == 2


def test_a_published_release_and_its_files_cannot_be_changed_or_deleted(k3):
    release = dataset_release_publish(dataset=make_dataset())
    release.notes = "rewritten"
    with pytest.raises(ValidationError):
        release.save()
    with pytest.raises(ValidationError):
        release.files.first().delete()
    assert DatasetRelease.objects.get(pk=release.pk).notes != "rewritten"


def test_usage_aggregates_suppress_rows_below_the_threshold(k3):
    for _ in range(3):
        UsageRecord.objects.create(channel="api", model_alias="city-model", prompt_tokens=10)
    UsageRecord.objects.create(channel="sandbox", model_alias="city-model", prompt_tokens=7)
    dataset = make_dataset(DatasetKind.INFERENCE_USAGE, restricted=False)
    rows = {
        r["channel"]: r
        for r in _rows(dataset_release_publish(dataset=dataset), "usage-by-month.csv")
    }
    assert rows["api"]["requests"] == "3" and rows["api"]["prompt_tokens"] == "30"
    assert rows["api"]["suppressed"] == ""
    assert rows["sandbox"]["requests"] == "" and rows["sandbox"]["prompt_tokens"] == ""
    assert rows["sandbox"]["suppressed"] == "1"


def test_shared_conversations_keep_role_and_text_only(k3):
    user = _voters(1)[0]
    shared = SharedConversation.objects.create(
        user=user,
        model_alias="city-model",
        messages=[{"role": "user", "content": "Bonjour", "name": user.display_name}],
    )
    dataset = make_dataset(DatasetKind.SANDBOX_CONVERSATIONS)
    text = _read(dataset_release_publish(dataset=dataset), "conversations.json")
    data = json.loads(text)
    assert data[0]["messages"] == [{"role": "user", "content": "Bonjour"}]
    assert str(shared.conversation_id) not in text
    assert user.display_name not in text and str(user.pk) != data[0]["conversation"]


def test_register_history_release_has_no_contact_nor_editor():
    from register.selectors import RESEARCH_HISTORY_FIELDS

    assert "contact" not in RESEARCH_HISTORY_FIELDS
    assert not {"created_by", "published_by"} & set(RESEARCH_HISTORY_FIELDS)
    dataset = make_dataset(DatasetKind.REGISTER_HISTORY, restricted=False)
    release = dataset_release_publish(dataset=dataset)
    header = _read(release, "register-history.csv").splitlines()[0].split(",")
    assert "contact" not in header and "version" in header


def test_release_command_refuses_an_unknown_dataset_and_reports_unchanged(k3):
    make_dataset(DatasetKind.INFERENCE_USAGE, restricted=False, slug="usage")
    with pytest.raises(CommandError, match="nope"):
        call_command("dataset_release", "nope")
    out = io.StringIO()
    call_command("dataset_release", "usage", stdout=out)
    call_command("dataset_release", "usage", stdout=out)
    assert "usage: version 1" in out.getvalue()
    assert "usage: unchanged" in out.getvalue()
