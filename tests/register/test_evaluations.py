"""Measured results on a record (register.SystemEvaluation), written by another part of the site
through `system_evaluation_record`, shown publicly and exported."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone

from core.errors import InvalidInput
from register.models import STANDARD_VERSION, RemoteRegister, SystemEvaluation
from register.services import system_evaluation_record
from tests.register.factories import published_system

pytestmark = pytest.mark.django_db


def record(system, **overrides):
    data = {
        "system_uuid": system.uuid,
        "label": "Réécrire en langage clair (v2)",
        "model_alias": "smollm2-135m-instruct",
        "score": 31.25,
        "passed": 1,
        "total": 4,
        "evaluated_at": timezone.now(),
        "method": "golden-set/1, 4 cas de test",
    }
    data.update(overrides)
    return system_evaluation_record(**data)


def test_a_result_is_stored_and_a_second_run_the_same_day_replaces_it():
    system = published_system()
    first = record(system)
    assert first.score == 31.2  # rounded to one decimal
    again = record(system, score=50, passed=2)
    assert again.pk == first.pk
    assert SystemEvaluation.objects.get().score == 50
    record(system, evaluated_at=timezone.now() - datetime.timedelta(days=8))
    record(system, model_alias="mistral-small", score=80, passed=3)
    assert SystemEvaluation.objects.count() == 3


def test_bad_figures_are_refused_and_unknown_or_partner_records_are_ignored():
    system = published_system()
    with pytest.raises(InvalidInput):
        record(system, score=140)
    with pytest.raises(InvalidInput):
        record(system, passed=5, total=4)
    assert record(published_system(), system_uuid="00000000-0000-0000-0000-000000000000") is None
    partner = published_system()
    partner.remote = RemoteRegister.objects.create(
        name="Ville B", export_url="https://b.example/register/export.json"
    )
    partner.save(update_fields=["remote"])
    assert record(partner) is None
    assert not SystemEvaluation.objects.exists()


def test_the_public_record_shows_the_latest_result_per_model_to_anyone(client):
    system = published_system()
    page = client.get(system.get_absolute_url()).content.decode()
    assert 'id="evaluation"' not in page  # nothing measured: no section
    record(system, evaluated_at=timezone.now() - datetime.timedelta(days=7), score=12)
    record(system)
    page = client.get(system.get_absolute_url()).content.decode()
    assert 'id="evaluation"' in page
    assert "Qualité mesurée" in page
    assert "smollm2-135m-instruct" in page
    assert '<td class="num">31</td>' in page
    assert '<td class="num">12</td>' not in page  # only the latest per model
    assert "1 sur 4" in page


def test_json_and_csv_exports_carry_the_results_under_standard_1_1(client):
    system = published_system()
    record(system)
    body = client.get("/register/export.json").json()
    assert body["standard_version"] == STANDARD_VERSION
    # 1.1 introduced `evaluations`; later versions keep it.
    number = STANDARD_VERSION.split("/")[1].split()[0]
    assert tuple(int(n) for n in number.split(".")) >= (1, 1)
    (exported,) = body["systems"]
    assert exported["evaluations"] == [
        {
            "model": "smollm2-135m-instruct",
            "label": "Réécrire en langage clair (v2)",
            "score": 31.2,
            "passed": 1,
            "total": 4,
            "evaluated_at": SystemEvaluation.objects.get().evaluated_at.isoformat(),
            "method": "golden-set/1, 4 cas de test",
        }
    ]
    detail = client.get(f"/api/register/systems/{system.slug}/").json()
    assert detail["evaluations"][0]["score"] == 31.2
    text = b"".join(client.get("/register/export.csv").streaming_content).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert json.loads(row["evaluations"])[0]["model"] == "smollm2-135m-instruct"
