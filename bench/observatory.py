"""Benchmark of the observatory's indicators at city scale.

Builds, in a throw-away test database, 10,000 AI systems (register), 1,000,000 ballots
(consultation) and 100,000 usage records (inference_bridge), then times
`observatory.indicators.indicators_compute()` (which calls the apps' contract functions)
beside raw SQL aggregates of the same figures, in the same run, and prints the ratios.

The tables belong to other apps: rows are generated from their models by introspection
(required fields get plausible values, foreign keys point to a few shared parents). If an app,
its contract function or its model is missing, the script stops with a clear message.

Run: `.venv/bin/python bench/observatory.py` (SQLite by default; DATABASE_URL for PostgreSQL).
"""

import datetime as dt
import os
import random
import sys
import time
import uuid
from decimal import Decimal
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TESTING", "1")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

SCALE = {
    "systems": int(os.environ.get("BENCH_SYSTEMS", 10_000)),
    "ballots": int(os.environ.get("BENCH_BALLOTS", 1_000_000)),
    "usage": int(os.environ.get("BENCH_USAGE", 100_000)),
}
REQUIRED = {
    # app label: (contract module, function, model that carries the rows)
    "register": ("register.selectors", "register_indicators", "AISystem"),
    "consultation": ("consultation.selectors", "consultation_indicators", "Ballot"),
    "inference_bridge": ("inference_bridge.selectors", "inference_indicators", "UsageRecord"),
}
BATCH = 5_000


def fail(message: str) -> None:
    print(f"bench/observatory.py: {message}", file=sys.stderr)
    sys.exit(2)


def check_apps() -> dict:
    found = {}
    for label, (module_name, function_name, model_name) in REQUIRED.items():
        try:
            function = getattr(import_module(module_name), function_name)
        except (ImportError, AttributeError):
            fail(
                f"the {label} app is missing {module_name}.{function_name}() (see CONTRACTS.md): merge it first."
            )
        try:
            model = apps.get_model(label, model_name)
        except LookupError:
            fail(
                f"the {label} app has no model {model_name}: adapt REQUIRED in bench/observatory.py."
            )
        found[label] = (function, model)
    return found


class Filler:
    """Plausible values for a model's required fields; parents are created once and reused."""

    def __init__(self):
        self.parents: dict[type, list] = {}
        self.strides: dict[type, int] = {}

    def value(self, field: models.Field, i: int):
        if field.choices:
            choices = [c[0] for c in field.flatchoices]
            return choices[i % len(choices)]
        if isinstance(field, models.ForeignKey | models.OneToOneField):
            return self.parent(
                field.related_model, many=not isinstance(field, models.OneToOneField), i=i
            )
        if isinstance(field, models.UUIDField):
            return uuid.uuid4()
        if isinstance(field, models.SlugField):
            return f"bench-{field.name}-{i}-{uuid.uuid4().hex[:6]}"
        if isinstance(field, models.EmailField):
            return f"bench{i}-{uuid.uuid4().hex[:6]}@example.org"
        if isinstance(field, models.CharField | models.TextField):
            return f"Bench {field.name} {i}"[: field.max_length or 200]
        if isinstance(field, models.BooleanField):
            return bool(i % 2)
        if isinstance(field, models.DateTimeField):
            return timezone.now() - dt.timedelta(minutes=i % 500_000)
        if isinstance(field, models.DateField):
            return dt.date(2026, 1, 1) + dt.timedelta(days=i % 300)
        if isinstance(field, models.DecimalField):
            return Decimal(i % 100) / 10
        if isinstance(field, models.FloatField):
            return random.random() * 10
        if isinstance(field, models.IntegerField | models.PositiveIntegerField):
            return i % 400 + 1
        if isinstance(field, models.JSONField):
            return {}
        fail(f"cannot fill {field.model.__name__}.{field.name} ({type(field).__name__}).")

    def build(self, model, i: int):
        data = {}
        for field in model._meta.concrete_fields:
            if (
                field.primary_key
                or field.has_default()
                or field.null
                or getattr(field, "auto_now", False)
                or getattr(field, "auto_now_add", False)
            ):
                continue
            if field.blank and not isinstance(field, models.ForeignKey):
                continue
            data[field.name] = self.value(field, i)
        return model(**data)

    def parent(self, model, *, many: bool, i: int):
        """Row i points to parent (i // stride) % size: with pools of 10,000 people and 100 of
        everything else, combinations stay distinct up to 1,000,000 rows (unique ballots)."""
        size = 10_000 if model._meta.label_lower == "accounts.user" else 100
        if model not in self.parents:
            self.strides[model] = 1
            for other, pool in self.parents.items():
                self.strides[model] = max(self.strides[model], self.strides[other] * len(pool))
            self.parents[model] = []
            pool = self.parents[model]
            while len(pool) < size:
                obj = self.build(model, len(pool))
                obj.save()
                pool.append(obj)
        pool = self.parents[model]
        return pool[(i // self.strides[model]) % len(pool)]


def fill(model, count: int, filler: Filler) -> None:
    """Bulk-create `count` rows; a unique constraint (e.g. one ballot per voter and use case)
    is met because the filler spreads foreign keys over pools of parents."""
    made = 0
    while made < count:
        batch = [filler.build(model, made + k) for k in range(min(BATCH, count - made))]
        model.objects.bulk_create(batch, ignore_conflicts=True)
        made += len(batch)


def timed(fn, repeat: int = 3):
    best = None
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def raw(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def raw_baselines(found: dict) -> dict:
    """The same headline figures straight from the tables, as raw SQL aggregates."""
    out = {}
    system_table = found["register"][1]._meta.db_table
    columns = {f.column for f in found["register"][1]._meta.concrete_fields}
    out["systems_total"] = lambda: raw(f"SELECT COUNT(*) FROM {system_table}")[0][0]
    if "risk_level" in columns:
        out["by_risk_level"] = lambda: raw(
            f"SELECT risk_level, COUNT(*) FROM {system_table} GROUP BY risk_level"
        )
    ballot_table = found["consultation"][1]._meta.db_table
    out["ballots"] = lambda: raw(f"SELECT COUNT(*) FROM {ballot_table}")[0][0]
    usage = found["inference_bridge"][1]
    usage_columns = {f.column for f in usage._meta.concrete_fields}
    tokens = [c for c in ("prompt_tokens", "completion_tokens") if c in usage_columns]
    sums = ", ".join(f"SUM({c})" for c in tokens) or "NULL"
    out["requests_and_tokens"] = lambda: raw(
        f"SELECT COUNT(*), {sums} FROM {usage._meta.db_table}"
    )[0]
    return out


def main() -> None:
    found = check_apps()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        filler = Filler()
        started = time.perf_counter()
        fill(found["register"][1], SCALE["systems"], filler)
        fill(found["consultation"][1], SCALE["ballots"], filler)
        fill(found["inference_bridge"][1], SCALE["usage"], filler)
        counts = {label: model.objects.count() for label, (_f, model) in found.items()}
        print(
            f"Data built in {time.perf_counter() - started:.1f} s on {connection.vendor}: {counts}"
        )

        from observatory.indicators import indicators_compute

        ours, data = timed(indicators_compute)
        sections = data["sections"]
        baselines = raw_baselines(found)
        raw_total = 0.0
        rows = []
        for name, query in baselines.items():
            seconds, value = timed(query)
            raw_total += seconds
            rows.append((name, seconds, value))
        print(f"{'figure':24} {'raw SQL (ms)':>12}  value")
        for name, seconds, value in rows:
            shown = value if not isinstance(value, list) else f"{len(value)} groups"
            print(f"{name:24} {seconds * 1000:12.1f}  {shown}")
        print(
            f"{'indicators_compute()':24} {ours * 1000:12.1f}  (all four apps' contract functions)"
        )
        print(f"ratio indicators_compute / sum of raw SQL aggregates: {ours / raw_total:.2f}x")
        per_app = {}
        for section, (function, _model) in zip(
            ["register", "consultation", "inference"], found.values(), strict=True
        ):
            per_app[section], _ = timed(function)
        for section, seconds in per_app.items():
            print(f"  {section}_indicators(): {seconds * 1000:.1f} ms")

        # The figures must agree with the raw aggregates.
        assert sections["register"]["systems_total"] == baselines["systems_total"](), (
            "systems_total differs"
        )
        assert sections["consultation"]["ballots"] == baselines["ballots"](), "ballots differ"
        assert sections["inference"]["requests"] == baselines["requests_and_tokens"]()[0], (
            "requests differ"
        )
        print("Figures equal the raw SQL aggregates.")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
