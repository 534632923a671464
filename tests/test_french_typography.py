"""Details French readers notice: short dates, quotes, the space before a colon, no doubled
"(facultatif)", no "(facultatif)" on a box one must tick, French grade names in the CSV."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from accounts.roles import Role
from consultation import services
from consultation.models import Comment
from tests.consultation.factories import DOSSIER, UseCaseFactory
from tests.factories import UserFactory
from tests.register.factories import published_system

pytestmark = pytest.mark.django_db
NNBSP = "\u202f"


def _client(*roles):
    client = Client()
    client.force_login(UserFactory(roles=list(roles)))
    return client


def test_french_short_dates_read_1_dec_2026():
    use_case = UseCaseFactory()
    comment = services.comment_post(
        author=UserFactory(roles=[Role.RESIDENT]), use_case=use_case, body="Un avis."
    )
    Comment.objects.filter(pk=comment.pk).update(
        created_at=datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    )
    page = Client().get(f"/consultations/use-cases/{use_case.pk}/").content.decode()
    assert "1 déc. 2026, 10:00" in page
    assert "Déc" not in page


def test_a_history_title_never_doubles_the_quotes():
    system = published_system(name="« Paris Répond » : assistant")
    page = Client().get(f"/register/{system.slug}/history/").content.decode()
    assert "« «" not in page
    assert f"Historique de la fiche{NNBSP}: « Paris Répond » : assistant" in page


def test_open_reports_keep_the_space_before_the_colon():
    use_case = UseCaseFactory()
    comment = services.comment_post(
        author=UserFactory(roles=[Role.RESIDENT]), use_case=use_case, body="Un avis discutable."
    )
    services.comment_report(
        reporter=UserFactory(roles=[Role.RESIDENT]), comment=comment, reason="off_topic"
    )
    page = _client(Role.MODERATOR).get("/consultations/moderation/").content.decode()
    assert f"1 signalement ouvert{NNBSP}:" in page


def test_the_testimony_system_label_says_optional_once():
    page = _client(Role.RESIDENT).get("/observatory/testimonies/new/").content.decode()
    assert "(facultatif) (facultatif)" not in page
    assert "(facultatif)</span>" in page  # the optional field still says so, once
    english = _client(Role.RESIDENT).get("/en/observatory/testimonies/new/").content.decode()
    assert "(optional) (optional)" not in english


def test_the_box_one_must_tick_to_send_a_similar_proposal_is_not_optional():
    consultation = UseCaseFactory(
        title="Transcription des séances", summary="Sous-titrer les séances automatiquement"
    ).consultation
    consultation.accepts_proposals = True
    consultation.save()
    page = _client(Role.RESIDENT).post(f"/consultations/{consultation.slug}/propose/", DOSSIER)
    html = page.content.decode()
    label = html[html.index('for="id_confirm_new"') :]
    label = label[: label.index("</label>")]
    assert "facultatif" not in label


def test_the_french_dashboard_csv_names_the_grades_in_french():
    use_case = UseCaseFactory()
    response = _client(Role.ELECTED).get(
        f"/consultations/{use_case.consultation.slug}/dashboard.csv"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header = next(row for row in rows if row and row[0] == "Rang")
    assert "Très bien" in header and "À rejeter" in header
    assert "very_good" not in header and "reject" not in header
