"""Indicators: figures equal what the sources say; a missing app shows "no data yet"."""

import csv
import io

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.module_loading import import_string

from observatory.indicators import CACHE_KEY, indicator_sources, indicators_compute, source_read
from observatory.models import IndicatorSnapshot
from observatory.tasks import indicators_refresh
from tests.observatory.factories import (
    REGISTER_DATA,
    fake_selectors,
    make_report,
    missing_selectors,
)

pytestmark = pytest.mark.django_db
APPS = ["register", "consultation", "inference_bridge", "training"]


def test_missing_apps_give_no_data_yet_never_a_figure(client, monkeypatch):
    missing_selectors(monkeypatch, *APPS)
    data = indicators_compute()
    assert data["sections"] == {}
    html = client.get("/en/observatory/indicators/").content.decode()
    assert html.count("No data yet") == 5
    assert "<svg" not in html


def test_a_declared_selector_that_is_missing_fails_loudly(monkeypatch):
    """No guard hides a broken contract: the app declared it, so its absence is a bug."""
    fake_selectors(monkeypatch, "register")
    with pytest.raises(ImportError):
        source_read("register")


def test_register_figures_equal_the_source(client, monkeypatch):
    missing_selectors(monkeypatch, "consultation", "inference_bridge", "training")
    fake_selectors(monkeypatch, "register", register_indicators=lambda: REGISTER_DATA)
    response = client.get("/en/observatory/indicators/")
    html = response.content.decode()
    assert html.count("No data yet") == 3
    assert 'role="img"' in html and "<title" in html
    assert "AI systems by risk level" in html
    rows = list(
        csv.reader(
            io.StringIO(client.get("/en/observatory/indicators/register-risk.csv").content.decode())
        )
    )
    assert rows[1:] == [["High", "4"], ["Limited", "11"], ["Minimal", "17"]]
    rows = list(
        csv.reader(
            io.StringIO(client.get("/en/observatory/indicators/recourse.csv").content.decode())
        )
    )
    assert ["Answered on time", "6"] in rows
    api = client.get("/api/observatory/indicators/").json()
    assert api["sections"]["register"] == REGISTER_DATA
    assert "training" not in api["sections"]  # not installed: no section at all


def test_every_section_renders_with_full_contract_data(client, monkeypatch):
    fake_selectors(monkeypatch, "register", register_indicators=lambda: REGISTER_DATA)
    fake_selectors(monkeypatch, "consultation", consultation_indicators=lambda: {
        "consultations": 2, "use_cases": 5, "participants": 120, "ballots": 480, "comments": 75,
        "answers_published": 3, "commitments": {"total": 6, "kept": 2, "overdue": 1, "pending": 3},
        "ballots_by_month": [{"month": "2026-03", "count": 480}],
    })  # fmt: skip
    fake_selectors(monkeypatch, "inference_bridge", inference_indicators=lambda: {
        "requests": 1000, "prompt_tokens": 50000, "completion_tokens": 120000, "energy_wh_total": 50.0,
        "energy_wh_per_request": 0.05, "co2_g_total": 2.2, "co2_g_per_request": 0.0022,
        "partner_share": 0.25, "requests_by_month": [{"month": "2026-10", "count": 1000}],
    })  # fmt: skip
    fake_selectors(monkeypatch, "training", training_indicators=lambda: {
        "courses": 1, "enrolments": 40, "completions": 25, "certificates": 20,
        "by_course": [{"key": "ia-service-public", "label": "AI and public service", "enrolments": 40, "completions": 25}],
    })  # fmt: skip
    html = client.get("/en/observatory/indicators/").content.decode()
    assert "No data yet" not in html
    assert "25 %" in html or "25.0 %" in html  # partner share shown as a percentage
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/en/observatory/indicators/training-courses.csv").content.decode()
            )
        )
    )
    assert rows == [["Course", "Enrolments", "Completions"], ["AI and public service", "40", "25"]]
    assert client.get("/en/observatory/indicators/consultation-commitments.csv").status_code == 200
    assert client.get("/en/observatory/indicators/nope.csv").status_code == 404


def test_source_errors_of_the_database_kind_count_as_missing(monkeypatch):
    from django.db import DatabaseError

    def broken():
        raise DatabaseError("no such table")

    fake_selectors(monkeypatch, "register", register_indicators=broken)
    assert source_read("register") is None


def test_celery_task_fills_the_cache_per_language_and_pages_show_computation_time(
    client, monkeypatch
):
    fake_selectors(monkeypatch, "register", register_indicators=lambda: REGISTER_DATA)
    result = indicators_refresh.delay().get()
    assert set(result) == {"fr", "en"}
    cached = cache.get(CACHE_KEY.format(lang="en"))
    assert cached["sections"]["register"]["systems_total"] == 32
    # The page reads the cache: a change in the source shows after the next refresh only.
    fake_selectors(
        monkeypatch, "register", register_indicators=lambda: {**REGISTER_DATA, "systems_total": 99}
    )
    html = client.get("/en/observatory/indicators/").content.decode()
    assert "Computed on" in html and " ms" in html
    assert ">32<" in html


def test_frozen_snapshot_does_not_move_when_data_changes(client, index, monkeypatch):
    fake_selectors(monkeypatch, "register", register_indicators=lambda: REGISTER_DATA)
    report = make_report(index)
    snapshot = IndicatorSnapshot.objects.get(report=report)
    assert snapshot.data["sections"]["register"]["systems_total"] == 32
    fake_selectors(
        monkeypatch, "register", register_indicators=lambda: {**REGISTER_DATA, "systems_total": 99}
    )
    cache.clear()
    report.title = "Rapport annuel 2026 (révisé)"
    report.save_revision().publish()
    snapshot.refresh_from_db()
    assert snapshot.data["sections"]["register"]["systems_total"] == 32
    assert IndicatorSnapshot.objects.count() == 1
    html = client.get("/observatory/rapport-2026/").content.decode()
    assert ">32<" in html and ">99<" not in html


def test_indicator_block_embeds_a_live_figure(client, index, monkeypatch):
    from tests.observatory.factories import make_analysis

    body = [{"type": "indicator", "value": {"figure": "register.systems_total", "comment": ""}}]
    make_analysis(index, slug="live", body=body)
    missing_selectors(monkeypatch, "register")
    with translation.override("fr"):
        html = client.get("/observatory/live/").content.decode()
    assert "blank-reason" in html
    cache.clear()
    monkeypatch.undo()  # the register is installed again
    fake_selectors(monkeypatch, "register", register_indicators=lambda: REGISTER_DATA)
    html = client.get("/observatory/live/").content.decode()
    assert ">32" in html


@pytest.mark.parametrize(
    ("section", "app"),
    [
        ("register", "register"),
        ("consultation", "consultation"),
        ("inference", "inference_bridge"),
        ("training", "training"),
    ],
)
def test_each_app_declares_its_section_and_it_is_what_its_selector_returns(section, app):
    path = indicator_sources()[section]
    assert path.startswith(f"{app}.selectors.")
    assert source_read(section) == import_string(path)()
