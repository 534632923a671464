"""The workspace's indicator: the share of outputs the agents used as is, per assistant, counted
in SQL by `workspace.selectors.assistant_indicators` and shown by the observatory (key figure,
chart with its table and CSV, live figure for analyses)."""

import csv
import io

import pytest
from django.utils import translation

from observatory.blocks import IndicatorBlock
from observatory.indicators import indicators_compute
from tests.factories import UserFactory
from tests.observatory.factories import figures
from workspace.assistants import services
from workspace.demo import assistants_seed
from workspace.models import Assistant, Run, RunStatus, TaskKind
from workspace.selectors import assistant_indicators

pytestmark = pytest.mark.django_db

SHARE = "Share of AI workspace outputs used as is"
RATED = "AI workspace outputs rated by agents"


def _runs(agent, assistant, *ratings):
    """Finished runs of `assistant`, each rated by the agent through the service ("" = not
    rated)."""
    for rating in ratings:
        run = Run.objects.create(
            assistant=assistant,
            assistant_version=assistant.version,
            task_kind=TaskKind.PLAIN_LANGUAGE,
            user=agent,
            input_text="Texte.",
            model_alias="smollm2-135m-instruct",
            output="Sortie.",
            status=RunStatus.DONE,
        )
        if rating:
            services.run_rate(user=agent, run=run, rating=rating)


@pytest.fixture
def rated_runs(db):
    assistants_seed()
    by_slug = {a.slug: a for a in Assistant.objects.all()}
    agent = UserFactory(roles=["agent"], department="DSIN")
    _runs(agent, by_slug["langage-clair"], "used", "used", "edited", "")
    _runs(agent, by_slug["traduire"], "discarded")
    return by_slug


def test_selector_counts_ratings_and_the_share_used_as_is_in_two_queries(
    rated_runs, django_assert_num_queries
):
    with django_assert_num_queries(2):  # one aggregate per assistant row, one overall
        data = assistant_indicators()
    rows = {row["slug"]: row for row in data["assistants"]}
    assert {k: rows["langage-clair"][k] for k in ("runs_done", "rated", "used", "edited")} == {
        "runs_done": 4,
        "rated": 3,
        "used": 2,
        "edited": 1,
    }
    assert rows["langage-clair"]["used_share"] == 0.667
    assert (rows["traduire"]["discarded"], rows["traduire"]["used_share"]) == (1, 0.0)
    assert rows["resumer-un-document"]["used_share"] is None  # nothing rated: no share
    assert (data["runs"], data["rated"], data["used"], data["used_share"]) == (5, 4, 2, 0.5)


def test_observatory_shows_the_share_per_assistant_with_its_table_and_csv(client, rated_runs):
    html = client.get("/en/observatory/indicators/").content.decode()
    assert 'id="workspace"' in html and "The agents&#x27; AI workspace" in html
    shown = figures(html)
    assert shown[SHARE] == "50 %"
    assert shown[RATED] == "4"
    assert "Share of outputs used as is, per assistant" in html

    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/en/observatory/indicators/workspace-used-share.csv").content.decode()
            )
        )
    )
    # Only the assistants with rated outputs, in the assistants' order.
    assert rows == [
        ["Assistant", "Share used as is"],
        [rated_runs["langage-clair"].name, "66.7"],
        [rated_runs["traduire"].name, "0.0"],
    ]
    ratings = client.get("/en/observatory/indicators/workspace-ratings.csv").content.decode()
    assert list(csv.reader(io.StringIO(ratings)))[1:] == [
        [rated_runs["langage-clair"].name, "2", "1", "0"],
        [rated_runs["traduire"].name, "0", "0", "1"],
    ]


def test_an_analysis_can_embed_the_share_as_a_live_figure(rated_runs):
    block = IndicatorBlock()
    assert "workspace.used_share" in dict(block.child_blocks["figure"].field.choices)
    with translation.override("en"):
        data = indicators_compute()
        context = block.get_context(
            {"figure": "workspace.used_share", "comment": ""}, {"indicators": data}
        )
    assert context["figure"]["value"] == 50.0 and context["figure"]["unit"] == "%"
    assert data["sections"]["workspace"]["used_share"] == 0.5
