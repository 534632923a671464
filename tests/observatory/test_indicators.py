"""Indicators: figures equal what the apps' selectors say on real data (built with the apps'
own factories); a source that cannot answer shows "no data yet", never a made-up figure."""

import csv
import io
from importlib import import_module

import pytest
from django.core.cache import cache
from django.db import DatabaseError
from django.utils import translation
from django.utils.module_loading import import_string

from core.composition import indicator_sources
from observatory.indicators import CACHE_KEY, indicators_compute, source_read
from observatory.models import IndicatorSnapshot
from observatory.tasks import indicators_refresh
from register.selectors import register_indicators
from tests.observatory.factories import figures, make_report
from tests.register.factories import published_system

pytestmark = pytest.mark.django_db
SYSTEMS = "AI systems in the register"


def _cannot_answer(monkeypatch, *sections):
    """The source's contract function fails the way a missing table does."""

    def broken():
        raise DatabaseError("no such table")

    for section in sections:
        module_path, function_name = indicator_sources()[section].rsplit(".", 1)
        # import_module, not import_string: the module may not be imported yet (this file alone).
        monkeypatch.setattr(import_module(module_path), function_name, broken)


def _register_systems():
    """Two high-risk systems and a minimal-risk one, published by the city."""
    published_system(risk_level="high", annex_iii_point="5")
    published_system(risk_level="high", annex_iii_point="4")
    published_system(risk_level="minimal")


def test_sources_that_cannot_answer_give_no_data_yet_never_a_figure(client, monkeypatch):
    _register_systems()
    _cannot_answer(monkeypatch, *indicator_sources())
    data = indicators_compute()
    assert data["sections"] == {
        "register": None,
        "consultation": None,
        "inference": None,
        "training": None,
        "workspace": None,
        "dialogue": None,
        "governance": None,
    }
    html = client.get("/en/observatory/indicators/").content.decode()
    assert (
        html.count("No data yet") == 9
    )  # governance; the register counts twice: recourse, oversight
    assert "<svg" not in html
    assert figures(html) == {}


def test_register_figures_equal_the_source(client, monkeypatch):
    _register_systems()
    _cannot_answer(monkeypatch, "consultation", "inference", "training")
    response = client.get("/en/observatory/indicators/")
    html = response.content.decode()
    assert html.count("No data yet") == 3
    assert 'role="img"' in html and "<title" in html
    assert "AI systems by risk level" in html
    assert figures(html)[SYSTEMS] == "3"
    rows = list(
        csv.reader(
            io.StringIO(client.get("/en/observatory/indicators/register-risk.csv").content.decode())
        )
    )
    assert rows[1:] == [
        ["Prohibited practice", "0"],
        ["High risk", "2"],
        ["Limited risk (transparency)", "0"],
        ["Minimal risk", "1"],
    ]
    rows = list(
        csv.reader(
            io.StringIO(client.get("/en/observatory/indicators/recourse.csv").content.decode())
        )
    )
    assert ["Answered on time", "0"] in rows and ["Received", "0"] in rows
    api = client.get("/api/observatory/indicators/").json()
    with translation.override(api["language"]):
        assert api["sections"]["register"] == register_indicators()
    assert api["sections"]["register"]["systems_total"] == 3
    assert api["sections"]["training"] is None


def test_unknown_indicator_csv_is_a_404(client):
    assert client.get("/en/observatory/indicators/consultation-commitments.csv").status_code == 200
    assert client.get("/en/observatory/indicators/nope.csv").status_code == 404


def test_celery_task_fills_the_cache_per_language_and_pages_show_computation_time(client):
    _register_systems()
    result = indicators_refresh.delay().get()
    assert set(result) == {"fr", "en"}
    cached = cache.get(CACHE_KEY.format(lang="en"))
    assert cached["sections"]["register"]["systems_total"] == 3
    # The page reads the cache: a change in the source shows after the next refresh only.
    published_system()
    html = client.get("/en/observatory/indicators/").content.decode()
    assert "Computed on" in html and " ms" in html
    assert figures(html)[SYSTEMS] == "3"
    indicators_refresh.delay().get()
    html = client.get("/en/observatory/indicators/").content.decode()
    assert figures(html)[SYSTEMS] == "4"


def test_frozen_snapshot_does_not_move_when_data_changes(client, index):
    _register_systems()
    report = make_report(index)
    snapshot = IndicatorSnapshot.objects.get(report=report)
    assert snapshot.data["sections"]["register"]["systems_total"] == 3
    published_system()
    cache.clear()
    report.title = "Rapport annuel 2026 (révisé)"
    report.save_revision().publish()
    snapshot.refresh_from_db()
    assert snapshot.data["sections"]["register"]["systems_total"] == 3
    assert IndicatorSnapshot.objects.count() == 1
    with translation.override("en"):
        assert register_indicators()["systems_total"] == 4
    html = client.get("/observatory/rapport-2026/").content.decode()
    assert figures(html)["Systèmes d'IA au registre"] == "3"


def test_indicator_block_embeds_a_live_figure(client, index, monkeypatch):
    from tests.observatory.factories import make_analysis

    body = [{"type": "indicator", "value": {"figure": "register.systems_total", "comment": ""}}]
    make_analysis(index, slug="live", body=body)
    _register_systems()
    with monkeypatch.context() as broken:
        _cannot_answer(broken, "register")
        with translation.override("fr"):
            html = client.get("/observatory/live/").content.decode()
        assert "blank-reason" in html
        assert figures(html) == {}
    cache.clear()
    html = client.get("/observatory/live/").content.decode()
    assert "blank-reason" not in html
    assert figures(html)["Systèmes d'IA au registre"] == "3"


@pytest.mark.parametrize(
    ("section", "app"),
    [
        ("register", "register"),
        ("consultation", "consultation"),
        ("inference", "inference_bridge"),
        ("training", "training"),
        ("workspace", "workspace"),
    ],
)
def test_each_app_declares_its_section_and_it_is_what_its_selector_returns(section, app):
    path = indicator_sources()[section]
    assert path.startswith(f"{app}.selectors.")
    assert source_read(section) == import_string(path)()


def test_a_declared_selector_that_is_missing_fails_loudly(monkeypatch):
    """No guard hides a broken contract: the app declared it, so its absence is a bug."""
    import register.selectors

    monkeypatch.delattr(register.selectors, "register_indicators")
    with pytest.raises(ImportError):
        source_read("register")
