"""A record past its review date says "review overdue" publicly (record page, list, API, exports)
and reminds its editors through the outbox once per period; drafts are read by the people who
prepare them only; the city's AI tools are found by their tool key."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from core.errors import InvalidInput
from core.models import OutboxMessage
from register import selectors, services
from register.models import AISystem
from tests.factories import UserFactory
from tests.register.factories import editor, published_system

pytestmark = pytest.mark.django_db

PAST = datetime.date.today() - datetime.timedelta(days=10)
FUTURE = datetime.date.today() + datetime.timedelta(days=100)


def test_a_record_past_its_review_date_says_review_overdue_everywhere_it_is_read():
    late = published_system(name="Système en retard", review_date=PAST)
    on_time = published_system(name="Système à jour", review_date=FUTURE)
    client = Client()
    page = client.get(f"/en/register/{late.slug}/").content.decode()
    assert 'class="badge badge--overdue"' in page and "Review overdue" in page
    assert "Review overdue" not in client.get(f"/en/register/{on_time.slug}/").content.decode()
    listing = client.get("/en/register/").content.decode()
    assert listing.count("badge--overdue") == 1
    api = {row["slug"]: row for row in client.get("/api/register/systems/").json()["results"]}
    assert api[late.slug]["review_overdue"] is True
    assert api[on_time.slug]["review_overdue"] is False
    export = client.get("/register/export.json").json()
    records = {r["slug"]: r for r in export["systems"]}
    assert records[late.slug]["review_overdue"] is True
    assert records[on_time.slug]["review_overdue"] is False
    text = b"".join(client.get("/register/export.csv").streaming_content).decode("utf-8-sig")
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows[late.slug]["review_overdue"] == "True"
    assert rows[on_time.slug]["review_overdue"] == "False"


def test_a_retired_record_is_never_overdue_for_review():
    system = published_system(review_date=PAST, status="retired", retirement_reason="Fini.")
    assert system.published_version.review_overdue is False


def test_the_review_reminder_reaches_the_records_editors_once_per_period_through_the_outbox(
    settings,
):
    settings.REGISTER_REVIEW_REMINDER_DAYS = 30
    author, publisher = editor(), editor()
    bystander = editor()
    late = published_system(author=author, publisher=publisher, review_date=PAST)
    published_system(review_date=FUTURE)
    now = timezone.now()
    assert services.systems_remind_review_overdue(now=now) == 1
    rows = OutboxMessage.objects.filter(kind="register.review_reminder")
    assert set(rows.values_list("recipient", flat=True)) == {author.email, publisher.email}
    assert bystander.email not in set(rows.values_list("recipient", flat=True))
    assert late.get_absolute_url() in rows.first().body
    # The beat runs every day: nothing more within the period…
    assert services.systems_remind_review_overdue(now=now + datetime.timedelta(days=1)) == 0
    assert services.systems_remind_review_overdue(now=now + datetime.timedelta(days=29)) == 0
    assert rows.count() == 2
    # …then one reminder again once the period is over.
    assert services.systems_remind_review_overdue(now=now + datetime.timedelta(days=31)) == 1
    assert rows.count() == 4


@pytest.mark.parametrize(
    ("roles", "status"),
    [
        (None, 302),
        ([Role.RESIDENT], 403),
        ([Role.MODERATOR], 403),
        ([Role.AGENT], 200),
        ([Role.ELECTED], 200),
        ([Role.REGISTER_EDITOR], 200),
    ],
)
def test_a_draft_record_is_read_by_the_people_who_prepare_it_only(roles, status):
    system = services.system_draft_from_tool(
        actor=None, slug="brouillon", data={"name": "Brouillon de l’outil"}, change_summary="Créé"
    )
    client = Client()
    if roles is not None:
        client.force_login(UserFactory(roles=roles))
    response = client.get(f"/en/register/{system.slug}/draft/")
    assert response.status_code == status
    if status == 200:
        assert "Brouillon de l’outil" in response.content.decode()
    # Never public at the record's address.
    assert Client().get(f"/en/register/{system.slug}/").status_code == 404


def test_the_city_tools_record_is_found_by_its_tool_key_with_its_recourse_form():
    system = published_system(name="Bac à sable")
    services.system_tool_key_set(actor=editor(), system=system, tool_key="sandbox")
    record = selectors.ai_tool_record(tool="sandbox")
    assert record["url"] == f"/register/{system.slug}/"
    assert record["recourse_url"] == f"/register/{system.slug}/recourse/"
    assert selectors.ai_tool_record(tool="synthesis") is None
    other = published_system()
    with pytest.raises(InvalidInput):
        services.system_tool_key_set(actor=editor(), system=other, tool_key="sandbox")
    assert AISystem.objects.filter(tool_key="sandbox").count() == 1
