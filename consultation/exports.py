"""Exports: iCal of the phases, officials' dashboard CSV, open data (no personal data)."""

import csv
import json
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from consultation import selectors
from consultation.models import GRADES_BEST_FIRST, Ballot, Consultation, Grade

BALLOT_COLUMNS = ["ballot_id", "use_case_id", "grade", "date"]
AGGREGATE_COLUMNS = [
    "use_case_id",
    "use_case",
    "rank",
    "median_grade",
    "ballots",
    *GRADES_BEST_FIRST,
]


def phases_ical(*, consultation: Consultation, url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//IA Commune//consultation//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", consultation.title)
    for phase in consultation.phases():
        event = Event()
        event.add("uid", f"{consultation.slug}-{phase['phase']}@ia-commune")
        event.add("summary", f"{consultation.title} — {phase['label']}")
        event.add("dtstart", phase["starts_at"])
        event.add("dtend", phase["ends_at"] or phase["starts_at"] + timedelta(days=1))
        event.add("dtstamp", timezone.now())
        event.add("url", url)
        event.add("description", consultation.summary)
        calendar.add_component(event)
    return calendar.to_ical()


def anonymised_ballots(*, consultation: Consultation):
    """Pseudonymous ballot id, use case, grade, day — never who voted. Each ballot has its
    own random id, so one person's ballots cannot be linked across use cases."""
    rows = (
        Ballot.objects.filter(use_case__consultation=consultation)
        .values_list("public_id", "use_case_id", "grade", "updated_at")
        .order_by("use_case_id", "public_id")
    )
    for public_id, use_case_id, grade, updated_at in rows.iterator(chunk_size=5000):
        yield {
            "ballot_id": str(public_id),
            "use_case_id": use_case_id,
            "grade": grade,
            "date": timezone.localtime(updated_at).date().isoformat(),
        }


class _Echo:
    def write(self, value):
        return value


def stream_csv(columns: list[str], rows):
    writer = csv.writer(_Echo())
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow([row[c] for c in columns])


def stream_json_array(rows):
    yield "["
    first = True
    for row in rows:
        yield ("" if first else ",\n") + json.dumps(row)
        first = False
    yield "]\n"


def aggregates(*, consultation: Consultation) -> dict:
    ranking = selectors.consultation_results(consultation=consultation)
    return {
        "consultation": consultation.slug,
        "voting_method": "majority_judgment",
        "generated_at": timezone.now().isoformat(),
        "voters": selectors.consultation_voter_count(consultation=consultation),
        "ranking": [
            {
                "use_case_id": row["use_case"].pk,
                "use_case": row["use_case"].title,
                "rank": row["rank"],
                "median_grade": row["median_grade"],
                "ballots": row["ballots"],
                "grade_counts": row["grade_counts"],
                "ballots_by_channel": {c["channel"]: c["ballots"] for c in row["channels"]},
            }
            for row in ranking
        ],
    }


def dashboard_csv(out, data: dict) -> None:
    writer = csv.writer(out)
    writer.writerow([_("Consultation"), data["consultation"].title])
    writer.writerow([_("Voters"), data["voters"]])
    writer.writerow([_("Comments"), data["comments"]["total"]])
    writer.writerow([])
    writer.writerow(
        [
            _("Rank"),
            _("Use case"),
            _("Median grade"),
            _("Ballots"),
            *[str(Grade(g).label) for g in GRADES_BEST_FIRST],  # in the reader's language
            _("Top argument for"),
            _("Top argument against"),
        ]
    )
    for row in data["ranking"]:
        args = row.get("arguments", {"for": [], "against": []})
        writer.writerow(
            [
                row["rank"],
                row["use_case"].title,
                row["median_label"],
                row["ballots"],
                *[row["grade_counts"][g] for g in GRADES_BEST_FIRST],
                args["for"][0].body[:500] if args["for"] else "",
                args["against"][0].body[:500] if args["against"] else "",
            ]
        )
