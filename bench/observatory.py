"""Benchmark of the observatory's indicators at city scale.

Builds, in a throw-away test database, 10,000 published AI systems (register), 1,000,000
ballots (consultation) and 100,000 usage records (inference_bridge), then times
`observatory.indicators.indicators_compute()` (which calls the apps' contract functions)
beside raw SQL aggregates of the same figures, in the same run, and prints the ratios.

Rows are bulk-inserted from the apps' real models (register.AISystem + AISystemVersion +
RecourseRequest, consultation.Consultation + UseCase + Ballot + Comment,
inference_bridge.Collectivity + InferenceNode + UsageRecord, accounts.User), shaped the way
the apps' services leave them (a published system points to its published version, etc.).
If an app does not declare its indicator section (`observatory_indicators` on its AppConfig,
core/composition.py), the script stops with a clear message.

Run: `.venv/bin/python bench/observatory.py` (SQLite by default; DATABASE_URL for PostgreSQL).
Sizes: BENCH_SYSTEMS, BENCH_BALLOTS, BENCH_USAGE (e.g. 1000 / 100000 / 10000 for a quick run).
"""

import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TESTING", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import OuterRef, Subquery  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

SCALE = {
    "systems": int(os.environ.get("BENCH_SYSTEMS", 10_000)),
    "ballots": int(os.environ.get("BENCH_BALLOTS", 1_000_000)),
    "usage": int(os.environ.get("BENCH_USAGE", 100_000)),
}
USE_CASES = 100  # ballots = use cases x voters: 1,000,000 ballots need 10,000 voters
CONSULTATIONS = 5
BATCH = 5_000
SECTIONS = {"register", "consultation", "inference", "training"}  # the data built below


def fail(message: str) -> None:
    print(f"bench/observatory.py: {message}", file=sys.stderr)
    sys.exit(2)


def check_apps() -> dict:
    """Section -> the selector its app declares (core/composition.py)."""
    from django.utils.module_loading import import_string

    from core.composition import indicator_sources

    sources = indicator_sources()
    missing = SECTIONS - set(sources)
    if missing:
        fail(f"no app declares the indicator sections {sorted(missing)}: install them first.")
    return {section: import_string(sources[section]) for section in SECTIONS}


def batches(total: int):
    for start in range(0, total, BATCH):
        yield range(start, min(start + BATCH, total))


def insert(model, rows) -> None:
    """INSERT the rows (dicts of attribute names) with executemany, in batches.

    What bulk_create would write, without building a model instance per row: a missing field
    takes its default (a callable default, such as uuid4, is called per row), and values that
    the database stores differently (datetimes, dates, UUIDs, JSON) go through the field's own
    conversion. A million ballots take seconds instead of minutes.
    """
    from django.db import models as m

    fields = [f for f in model._meta.concrete_fields if not isinstance(f, m.AutoField)]
    converted = (m.DateTimeField, m.DateField, m.UUIDField, m.JSONField)
    plan = []  # (attname, needs conversion, constant default, callable default)
    for field in fields:
        convert = isinstance(field, converted)
        if field.has_default() and callable(field.default):
            plan.append((field.attname, convert, None, field.default))
        else:
            default = field.get_default()
            if convert and default is not None:
                default = field.get_db_prep_save(default, connection)
            plan.append((field.attname, convert, default, None))
    prep = {f.attname: f for f in fields}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})"
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            values = []
            for name, convert, default, factory in plan:
                if name in row:
                    value = row[name]
                    if convert and value is not None:
                        value = prep[name].get_db_prep_save(value, connection)
                elif factory is not None:
                    value = factory()
                    if convert:
                        value = prep[name].get_db_prep_save(value, connection)
                else:
                    value = default
                values.append(value)
            batch.append(values)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


# --- Data ------------------------------------------------------------------------------------
NOW = timezone.now()


def spread(i: int, total: int, days: int = 365) -> dt.datetime:
    """Row i of total, spread evenly over the last `days` days."""
    return NOW - dt.timedelta(seconds=int(days * 86400 * (total - i) / max(total, 1)))


def build_users(count: int) -> list[int]:
    from accounts.models import User

    insert(
        User,
        (
            {
                "email": f"bench{i}@example.org",
                "display_name": f"Habitant {i}",
                "password": "!",  # unusable
                "arrondissement": str(i % 20 + 1),
            }
            for i in range(count)
        ),
    )
    return list(User.objects.order_by("pk").values_list("pk", flat=True))


def build_register(count: int, user_ids: list[int]) -> None:
    from register.models import (
        AISystem,
        AISystemVersion,
        RecourseRequest,
        RecourseStatus,
        RiskLevel,
        Status,
        VersionState,
    )

    risks, statuses = RiskLevel.values, Status.values
    departments = [f"Direction {n}" for n in range(1, 21)]
    insert(
        AISystem,
        (
            {
                "slug": f"systeme-{i}",
                "first_published_at": spread(i, count, days=3 * 365),
                "created_at": spread(i, count, days=3 * 365),
            }
            for i in range(count)
        ),
    )
    system_ids = list(AISystem.objects.order_by("pk").values_list("pk", flat=True))
    insert(
        AISystemVersion,
        (
            {
                "system_id": system_ids[i],
                "number": 1,
                "state": VersionState.PUBLISHED,
                "published_at": spread(i, count, days=3 * 365),
                "name": f"Système {i}",
                "short_description": "Système de démonstration du banc d'essai.",
                "organisation": "Ville de Paris",
                "department": departments[i % len(departments)],
                "status": statuses[i % len(statuses)],
                "risk_level": risks[i % len(risks)],
                "annex_iii_point": "5" if risks[i % len(risks)] == RiskLevel.HIGH else "",
                "purpose": "Banc d'essai.",
            }
            for i in range(count)
        ),
    )
    # What system_version_publish() leaves: the system points to its published version.
    AISystem.objects.update(
        published_version=Subquery(
            AISystemVersion.objects.filter(system=OuterRef("pk")).values("pk")[:1]
        )
    )
    # Oversight (issue 17): an evaluation for two systems in three (their first or their
    # latest, up to three years old, so some are overdue), an incident for one in twenty
    # (serious ones owe a report, some late), a declaration of a hidden algorithm for one in
    # fifty.
    from register.models import (
        DeploymentEvaluation,
        HiddenAlgorithmDeclaration,
        Incident,
        IncidentSeverity,
    )

    insert(
        DeploymentEvaluation,
        (
            {
                "system_id": system_ids[i],
                "evaluated_on": spread(i, count, days=3 * 365).date(),
                "period_start": spread(i, count, days=4 * 365).date(),
                "performance": "Conforme.",
                "conclusion": "continue",
                "conclusion_reasons": "Banc d'essai.",
            }
            for i in range(count)
            if i % 3
        ),
    )
    severities = IncidentSeverity.values
    insert(
        Incident,
        (
            {
                "system_id": system_ids[i],
                "kind": "malfunction",
                "severity": severities[i % len(severities)],
                "summary": "Banc d'essai.",
                "aware_on": spread(i, count).date(),
                "report_due_on": spread(i, count).date() + dt.timedelta(days=15)
                if severities[i % len(severities)] == "serious"
                else None,
                "status": "open" if i % 40 else "closed",
            }
            for i in range(0, count, 20)
        ),
    )
    declaration_statuses = ["pending", "drafted", "closed"]
    insert(
        HiddenAlgorithmDeclaration,
        (
            {
                "tool_name": f"Outil {i}",
                "what_it_does": "Banc d'essai.",
                "where_it_appears": "Écran",
                "department": departments[i % len(departments)],
                "status": declaration_statuses[i % 3],
                "public_reason": "Banc d'essai.",
                "system_id": system_ids[i] if i % 3 == 1 else None,
            }
            for i in range(0, count, 50)
        ),
    )
    # Recourse requests: one per ten systems, half of them answered within 20 days.
    requests = count // 10
    for rows in batches(requests):
        objs = []
        for i in rows:
            created = spread(i, requests)
            answered = created + dt.timedelta(days=i % 40) if i % 2 else None
            objs.append(
                RecourseRequest(
                    reference=f"R-{i:08d}",
                    system_id=system_ids[(i * 10) % count],
                    created_at=created,
                    email=f"recours{i}@example.org",
                    request="Je demande un réexamen humain.",
                    consent=True,
                    requester_id=user_ids[i % len(user_ids)] if user_ids else None,
                    status=RecourseStatus.ANSWERED if answered else RecourseStatus.RECEIVED,
                    due_date=(created + dt.timedelta(days=30)).date(),
                    answer="Réponse." if answered else "",
                    answered_at=answered,
                )
            )
        RecourseRequest.objects.bulk_create(objs)


def build_consultation(ballots: int, user_ids: list[int]) -> None:
    from consultation.models import Ballot, Comment, Consultation, Grade, Phase, UseCase

    consultations = Consultation.objects.bulk_create(
        Consultation(
            slug=f"consultation-{n}",
            title=f"Consultation {n}",
            summary="Consultation du banc d'essai.",
            information_starts_at=NOW - dt.timedelta(days=400 - 70 * n),
            voting_starts_at=NOW - dt.timedelta(days=390 - 70 * n),
            voting_ends_at=NOW - dt.timedelta(days=340 - 70 * n),
            answer_due_at=NOW - dt.timedelta(days=300 - 70 * n),
            phase=Phase.ANSWER,
        )
        for n in range(CONSULTATIONS)
    )
    consultation_ids = [c.pk for c in Consultation.objects.order_by("pk")]
    assert len(consultations) == CONSULTATIONS
    UseCase.objects.bulk_create(
        UseCase(
            consultation_id=consultation_ids[n % CONSULTATIONS],
            title=f"Cas d'usage {n}",
            summary="Résumé.",
            problem="Problème.",
            proposed_ai="IA proposée.",
            data_used="Données.",
            people_affected="Habitants.",
            expected_benefits="Bénéfices.",
            risks="Risques.",
            alternatives="Alternatives.",
        )
        for n in range(USE_CASES)
    )
    use_case_ids = list(UseCase.objects.order_by("pk").values_list("pk", flat=True))
    voters = -(-ballots // USE_CASES)  # ceil
    if voters > len(user_ids):
        fail(f"{ballots} ballots need {voters} voters; only {len(user_ids)} users were built.")
    grades = Grade.values

    def ballot(i: int) -> dict:
        moment = spread(i, ballots)
        return {
            "use_case_id": use_case_ids[i % USE_CASES],
            "voter_id": user_ids[i // USE_CASES],
            "grade": grades[(i * 7 + i // USE_CASES) % len(grades)],
            "created_at": moment,
            "updated_at": moment,
        }

    insert(Ballot, (ballot(i) for i in range(ballots)))
    # One comment per hundred ballots, by people spread over the whole population (some of
    # whom did not vote, so participants = voters ∪ commenters is not a trivial count).
    comments = ballots // 100
    insert(
        Comment,
        (
            {
                "use_case_id": use_case_ids[i % USE_CASES],
                "author_id": user_ids[(i * 37) % len(user_ids)],
                "depth": 1,
                "body": f"Argument {i}.",
                "body_html": f"<p>Argument {i}.</p>",
                "created_at": spread(i, comments),
            }
            for i in range(comments)
        ),
    )


def build_inference(count: int, user_ids: list[int]) -> None:
    from inference_bridge.models import Channel, Collectivity, InferenceNode, UsageRecord

    # The home collectivity may already exist (a data migration creates the city's own).
    home = Collectivity.objects.get_or_create(
        slug=settings.INFERENCE_HOME_COLLECTIVITY, defaults={"name": "Paris"}
    )[0]
    partner = Collectivity.objects.get_or_create(slug="lyon", defaults={"name": "Ville de Lyon"})[0]
    nodes = [
        InferenceNode.objects.create(
            name="bench-city", operator=home, engine="in_process", model_alias="smollm2"
        ),
        InferenceNode.objects.create(
            name="bench-partner",
            operator=partner,
            engine="openai",
            base_url="https://llm.example.org/v1",
            model_alias="smollm2",
        ),
    ]

    def usage(i: int) -> dict:
        node = nodes[1] if i % 4 == 0 else nodes[0]  # a quarter served by the partner
        duration_ms = 500 + (i * 13) % 4000
        energy = duration_ms / 1000 * node.power_w * node.pue / 3600
        return {
            "created_at": spread(i, count),
            "channel": Channel.API if i % 3 == 0 else Channel.SANDBOX,
            "user_id": user_ids[i % len(user_ids)] if user_ids else None,
            "consumer_id": home.pk,
            "node_id": node.pk,
            "server_id": node.operator_id,
            "model_alias": "smollm2",
            "prompt_tokens": 20 + i % 300,
            "completion_tokens": 50 + (i * 7) % 400,
            "duration_ms": duration_ms,
            "latency_ms": duration_ms + 40,
            "energy_wh": energy,
            "co2_g": energy * 0.044,
            "finish_reason": "stop",
            "succeeded": True,
        }

    insert(UsageRecord, (usage(i) for i in range(count)))


# --- Raw SQL baselines -----------------------------------------------------------------------
def raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def month(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"to_char({column} AT TIME ZONE %s, 'YYYY-MM')"
    return f"strftime('%%Y-%%m', {column})"


def month_params() -> tuple:
    return (settings.TIME_ZONE,) if connection.vendor == "postgresql" else ()


def raw_baselines() -> dict:
    """The contract functions' figures straight from the tables, as raw SQL aggregates.
    (SQLite's strftime groups months in UTC, Django's TruncMonth in the site's time zone: the
    per-month rows may differ at month boundaries; totals are equal.)"""
    from consultation.models import Ballot, Comment, Consultation, UseCase
    from inference_bridge.models import Collectivity, UsageRecord
    from register.models import (
        AISystem,
        AISystemVersion,
        HiddenAlgorithmDeclaration,
        Incident,
        RecourseRequest,
    )

    s, v = AISystem._meta.db_table, AISystemVersion._meta.db_table
    published = (
        f"FROM {s} s JOIN {v} v ON v.id = s.published_version_id "
        "WHERE s.withdrawn_at IS NULL AND s.remote_id IS NULL"
    )
    r = RecourseRequest._meta.db_table
    b, c = Ballot._meta.db_table, Comment._meta.db_table
    u, k = UsageRecord._meta.db_table, Collectivity._meta.db_table
    home = settings.INFERENCE_HOME_COLLECTIVITY
    return {
        "register": {
            "systems_total": lambda: raw(f"SELECT COUNT(*) {published}")[0][0],
            "by_risk_level": lambda: dict(
                raw(f"SELECT v.risk_level, COUNT(*) {published} GROUP BY v.risk_level")
            ),
            "by_status": lambda: dict(
                raw(f"SELECT v.status, COUNT(*) {published} GROUP BY v.status")
            ),
            "by_department": lambda: dict(
                raw(f"SELECT v.department, COUNT(*) {published} GROUP BY v.department")
            ),
            "published_by_month": lambda: raw(
                f"SELECT {month('s.first_published_at')} m, COUNT(*) {published} "
                "GROUP BY m ORDER BY m",
                month_params(),
            ),
            "recourse": lambda: raw(
                f"SELECT COUNT(*), COUNT(answered_at), "
                f"SUM(CASE WHEN status IN ('received', 'under_review') THEN 1 ELSE 0 END) "
                f"FROM {r}"
            )[0],
            "oversight_schedule": lambda: raw_evaluation_schedule(published),
            "incidents": lambda: raw(
                f"SELECT COUNT(*), SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END), "
                "COUNT(report_due_on), "
                "SUM(CASE WHEN report_due_on < %s AND reported_on IS NULL THEN 1 ELSE 0 END) "
                f"FROM {Incident._meta.db_table}",
                (timezone.localdate(),),
            )[0],
            "declarations": lambda: dict(
                raw(
                    f"SELECT status, COUNT(*) FROM {HiddenAlgorithmDeclaration._meta.db_table} "
                    "GROUP BY status"
                )
            ),
        },
        "consultation": {
            "consultations": lambda: raw(f"SELECT COUNT(*) FROM {Consultation._meta.db_table}")[0][
                0
            ],
            "use_cases": lambda: raw(
                f"SELECT COUNT(*) FROM {UseCase._meta.db_table} WHERE moderation_state = 'approved'"
            )[0][0],
            "participants": lambda: raw(
                f"SELECT COUNT(*) FROM (SELECT voter_id FROM {b} UNION SELECT author_id FROM {c}) p"
            )[0][0],
            "ballots": lambda: raw(f"SELECT COUNT(*) FROM {b}")[0][0],
            "comments": lambda: raw(f"SELECT COUNT(*) FROM {c}")[0][0],
            "ballots_by_month": lambda: raw(
                f"SELECT {month('created_at')} m, COUNT(*) FROM {b} GROUP BY m ORDER BY m",
                month_params(),
            ),
        },
        "inference": {
            "totals": lambda: raw(
                f"SELECT COUNT(*), SUM(prompt_tokens), SUM(completion_tokens), SUM(energy_wh), "
                f"SUM(co2_g), SUM(CASE WHEN k.slug <> %s THEN 1 ELSE 0 END), COUNT(u.server_id) "
                f"FROM {u} u LEFT JOIN {k} k ON k.id = u.server_id",
                (home,),
            )[0],
            "requests_by_month": lambda: raw(
                f"SELECT {month('created_at')} m, COUNT(*) FROM {u} GROUP BY m ORDER BY m",
                month_params(),
            ),
        },
    }


def raw_evaluation_schedule(published: str) -> tuple[int, int, int, int]:
    """Deployed systems and where they stand in their schedule: the same columns read with raw
    SQL (the latest evaluation by a correlated subquery), then the site's own rule
    (`register.oversight`), which is not SQL's to restate."""
    from register.models import DeploymentEvaluation
    from register.oversight import DEPLOYED_STATUSES, evaluation_state, in_service_since

    e = DeploymentEvaluation._meta.db_table
    marks = ", ".join(["%s"] * len(DEPLOYED_STATUSES))
    rows = raw(
        "SELECT v.risk_level, v.status, v.begin_date, s.first_published_at, "
        f"(SELECT MAX(e.evaluated_on) FROM {e} e WHERE e.system_id = s.id) {published} "
        f"AND v.status IN ({marks})",
        tuple(DEPLOYED_STATUSES),
    )
    today = timezone.localdate()
    on_time = never = no_longer = 0
    for risk_level, status, begin_date, first_published_at, last in rows:
        if isinstance(last, str):  # SQLite returns MAX() of a date as text
            last = dt.date.fromisoformat(last)
        if isinstance(begin_date, str):
            begin_date = dt.date.fromisoformat(begin_date)
        if isinstance(first_published_at, str):
            first_published_at = dt.datetime.fromisoformat(first_published_at)
        if first_published_at is not None and first_published_at.tzinfo is None:
            first_published_at = first_published_at.replace(tzinfo=dt.UTC)  # SQLite: UTC
        state = evaluation_state(
            risk_level=risk_level,
            status=status,
            last_evaluated_on=last,
            in_service_since=in_service_since(begin_date, first_published_at),
            today=today,
        )
        if last is None:
            never += 1
        elif state.overdue:
            no_longer += 1
        else:
            on_time += 1
    return len(rows), on_time, never, no_longer


def timed(fn, repeat: int = 3):
    best = None
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def check_equal(sections: dict, raws: dict) -> None:
    """The contract functions' figures must be the raw aggregates' figures."""
    reg, con, inf = sections["register"], sections["consultation"], sections["inference"]
    raw_reg, raw_con = raws["register"], raws["consultation"]
    assert reg["systems_total"] == raw_reg["systems_total"], "systems_total differs"
    for name in ("by_risk_level", "by_status", "by_department"):
        ours = {i["key"]: i["count"] for i in reg[name] if i["count"]}
        assert ours == raw_reg[name], f"{name} differs"
    assert sum(i["count"] for i in reg["published_by_month"]) == reg["systems_total"]
    received, answered, still_open = raw_reg["recourse"]
    rec = reg["recourse"]
    assert (rec["received"], rec["answered"], rec["open"]) == (received, answered, still_open), (
        "recourse differs"
    )
    over = reg["oversight"]
    assert (
        over["deployed"],
        over["evaluated_on_time"],
        over["never_evaluated"],
        over["no_longer_evaluated"],
    ) == raw_reg["oversight_schedule"], "evaluation schedule differs"
    inc = over["incidents"]
    assert (inc["total"], inc["open"], inc["serious"], inc["report_overdue"]) == tuple(
        n or 0 for n in raw_reg["incidents"]
    ), "incidents differ"
    declarations = {i["key"]: i["count"] for i in over["declarations"]["by_status"] if i["count"]}
    assert declarations == raw_reg["declarations"], "declarations differ"
    for name in ("consultations", "use_cases", "participants", "ballots", "comments"):
        assert con[name] == raw_con[name], f"{name} differs"
    assert sum(i["count"] for i in con["ballots_by_month"]) == con["ballots"]
    n, prompt, completion, energy, co2, partner, known = raws["inference"]["totals"]
    assert inf["requests"] == n, "requests differ"
    assert (inf["prompt_tokens"], inf["completion_tokens"]) == (prompt, completion), "tokens"
    assert abs(inf["energy_wh_total"] - energy) < 1e-6 * max(1.0, energy), "energy differs"
    assert abs(inf["co2_g_total"] - co2) < 1e-6 * max(1.0, co2), "CO2 differs"
    assert inf["partner_share"] == (partner / known if known else None), "partner share differs"
    assert sum(i["count"] for i in inf["requests_by_month"]) == n


def main() -> None:
    contracts = check_apps()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        voters = max(-(-SCALE["ballots"] // USE_CASES), 1)
        user_ids = build_users(voters)
        build_register(SCALE["systems"], user_ids)
        build_consultation(SCALE["ballots"], user_ids)
        build_inference(SCALE["usage"], user_ids)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics, as autovacuum would gather them
        from consultation.models import Ballot, Comment
        from inference_bridge.models import UsageRecord
        from register.models import AISystem, RecourseRequest

        counts = {
            "users": len(user_ids),
            "systems": AISystem.objects.count(),
            "recourse": RecourseRequest.objects.count(),
            "ballots": Ballot.objects.count(),
            "comments": Comment.objects.count(),
            "usage": UsageRecord.objects.count(),
        }
        print(
            f"Data built in {time.perf_counter() - started:.1f} s on {connection.vendor}: {counts}"
        )

        from observatory.indicators import indicators_compute

        print(f"load before timing: {Path('/proc/loadavg').read_text().strip()}")

        translation.activate("en")
        ours, data = timed(indicators_compute)
        sections = data["sections"]
        raws = raw_baselines()
        raw_values = {}
        raw_times = {}
        print(f"{'figure (raw SQL)':34} {'ms':>9}  value")
        for section, queries in raws.items():
            raw_values[section] = {}
            raw_times[section] = 0.0
            for name, query in queries.items():
                seconds, value = timed(query)
                raw_times[section] += seconds
                raw_values[section][name] = value
                shown = f"{len(value)} groups" if isinstance(value, dict | list) else value
                print(f"{section + '.' + name:34} {seconds * 1000:9.1f}  {shown}")
        raw_total = sum(raw_times.values())
        print(f"{'contract function':34} {'ms':>9}  {'raw SQL ms':>10}  ratio")
        for section, function in contracts.items():
            seconds, _result = timed(function)
            baseline = raw_times.get(section)
            if baseline:
                print(
                    f"{function.__name__ + '()':34} {seconds * 1000:9.1f}  "
                    f"{baseline * 1000:10.1f}  {seconds / baseline:.2f}x"
                )
            else:
                print(f"{function.__name__ + '()':34} {seconds * 1000:9.1f}  {'-':>10}  -")
        print(
            f"{'indicators_compute()':34} {ours * 1000:9.1f}  {raw_total * 1000:10.1f}  "
            f"{ours / raw_total:.2f}x  (all four contract functions vs all raw SQL aggregates)"
        )
        print(f"load after timing:  {Path('/proc/loadavg').read_text().strip()}")
        check_equal(sections, raw_values)
        print("Figures equal the raw SQL aggregates.")
    finally:
        translation.deactivate()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
