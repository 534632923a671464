"""Research datasets: what each release contains and how it is built.

A release is a set of files written once (CSV, JSON) with their row counts and SHA-256, built
from the other apps' selectors. Nothing in a file links back to a person:

- people, comments and conversations are named by a *pseudonym*, an HMAC-SHA256 of the internal
  id under a key drawn at random for each release and never stored: the same voter has the same
  pseudonym throughout one release (votes and comments can be studied together) but different
  ones in two releases, and nobody, the city included, can recompute the link afterwards;
- no name, email, user id, comment id, or time finer than the day is written;
- groups smaller than `OBSERVATORY_DATASET_MIN_GROUP` are suppressed: in the ballots, the
  arrondissement × age bracket of a voter is blanked when fewer people share it; aggregate rows
  below the threshold have their figures blanked (`suppressed` = 1).

A release is published only when its content changed: the *fingerprint* hashes the source rows
(before pseudonymisation) and the threshold, so a rebuild of unchanged data gives the same one.
"""

import csv
import hashlib
import hmac
import io
import json
import secrets
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.utils import translation

from consultation.selectors import research_ballots, research_comments
from inference_bridge.selectors import research_usage_by_month, shared_conversations_qs
from observatory.models import DatasetKind
from register.selectors import research_register_history
from training.selectors import training_indicators

SUPPRESSED = "1"


class BuildContext:
    """What a builder needs: the release's secret pseudonym key, the threshold, and a digest of
    the source content (the release's fingerprint)."""

    def __init__(self, *, min_group: int):
        self.min_group = min_group
        self._key = secrets.token_bytes(32)  # never stored: see the module docstring
        self._digest = hashlib.sha256(f"min_group={min_group}\n".encode())

    def pseudonym(self, kind: str, internal_id) -> str:
        if internal_id is None:
            return ""
        message = f"{kind}:{internal_id}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:20]

    def see(self, row: dict) -> None:
        """Feed one source row (with internal ids) to the fingerprint."""
        self._digest.update(json.dumps(row, sort_keys=True, default=str).encode())
        self._digest.update(b"\n")

    @property
    def fingerprint(self) -> str:
        return self._digest.hexdigest()


@dataclass
class BuiltFile:
    name: str
    media_type: str
    description: str
    content: tempfile.SpooledTemporaryFile
    rows: int
    size: int
    sha256: str


@dataclass
class FileSpec:
    """One file of a release: its name, description, and how its rows are produced."""

    name: str
    description: str
    columns: list[str] = field(default_factory=list)  # CSV; empty for a JSON list


def _day(moment) -> str:
    return moment.date().isoformat() if moment else ""


def _write(spec: FileSpec, rows: Iterable[dict]) -> BuiltFile:
    """Write rows to a temporary file (CSV with a header, or a JSON array), hashing as it goes."""
    # Closed by the caller once stored (research_services.dataset_release_publish).
    content = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    text = io.TextIOWrapper(content, encoding="utf-8", newline="")
    count = 0
    if spec.columns:
        writer = csv.DictWriter(text, fieldnames=spec.columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
        media_type = "text/csv"
    else:
        text.write("[\n")
        for row in rows:
            text.write(("" if count == 0 else ",\n") + json.dumps(row, ensure_ascii=False))
            count += 1
        text.write("\n]\n")
        media_type = "application/json"
    text.flush()
    text.detach()
    content.seek(0)
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: content.read(65536), b""):
        digest.update(chunk)
        size += len(chunk)
    content.seek(0)
    return BuiltFile(
        name=spec.name,
        media_type=media_type,
        description=spec.description,
        content=content,
        rows=count,
        size=size,
        sha256=digest.hexdigest(),
    )


# --- Builders: one per dataset kind ------------------------------------------------------------


def _ballots_and_comments(ctx: BuildContext) -> list[BuiltFile]:
    # First pass: each voter's declared group, then how many people share each group.
    voter_group: dict[int, tuple[str, str]] = {}
    for ballot in research_ballots():
        voter_group[ballot["voter_id"]] = (ballot["arrondissement"], ballot["age_bracket"])
    people_per_group = Counter(voter_group.values())

    def ballots() -> Iterator[dict]:
        for ballot in research_ballots():
            ctx.see(ballot)
            group = (ballot["arrondissement"], ballot["age_bracket"])
            shown = people_per_group[group] >= ctx.min_group
            yield {
                "voter": ctx.pseudonym("person", ballot["voter_id"]),
                "consultation": ballot["consultation_slug"] or "",
                "use_case": ballot["use_case_ref"],
                "grade": ballot["grade"],
                "cast_on": _day(ballot["created_at"]),
                "changed_on": _day(ballot["updated_at"]),
                "arrondissement": group[0] if shown else "",
                "age_bracket": group[1] if shown else "",
            }

    def comments() -> Iterator[dict]:
        for comment in research_comments():
            ctx.see(comment)
            yield {
                "comment": ctx.pseudonym("comment", comment["id"]),
                "reply_to": ctx.pseudonym("comment", comment["parent_id"]),
                "author": ctx.pseudonym("person", comment["author_id"]),
                "consultation": comment["consultation_slug"] or "",
                "use_case": comment["use_case_ref"],
                "depth": comment["depth"],
                "position": comment["alignment"],
                "text": comment["body"],
                "upvotes": comment["upvotes"],
                "downvotes": comment["downvotes"],
                "written_on": _day(comment["created_at"]),
            }

    return [
        _write(
            FileSpec(
                "ballots.csv",
                "One row per ballot (majority judgment grade).",
                [
                    "voter",
                    "consultation",
                    "use_case",
                    "grade",
                    "cast_on",
                    "changed_on",
                    "arrondissement",
                    "age_bracket",
                ],
            ),
            ballots(),
        ),
        _write(
            FileSpec(
                "comments.csv",
                "One row per visible comment of the debates.",
                [
                    "comment",
                    "reply_to",
                    "author",
                    "consultation",
                    "use_case",
                    "depth",
                    "position",
                    "text",
                    "upvotes",
                    "downvotes",
                    "written_on",
                ],
            ),
            comments(),
        ),
    ]


REGISTER_COLUMNS = [
    "system",
    "slug",
    "version",
    "published_on",
    "change_summary",
    "name",
    "organisation",
    "department",
    "status",
    "risk_level",
    "annex_iii_point",
    "automation_level",
    "algorithm_type",
    "theme",
    "begin_date",
    "end_date",
    "language",
]


def _register_history(ctx: BuildContext) -> list[BuiltFile]:
    rows = []
    for version in research_register_history():
        ctx.see(version)
        rows.append(
            {
                "system": str(version["system_uuid"]),
                "slug": version["slug"],
                "version": version["number"],
                "published_on": _day(version["published_at"]),
                **{
                    name: "" if version[name] is None else str(version[name])
                    for name in REGISTER_COLUMNS[4:]
                },
            }
        )
    return [
        _write(
            FileSpec("register-history.csv", "One row per published version.", REGISTER_COLUMNS),
            rows,
        ),
        _write(FileSpec("register-history.json", "The same rows as a JSON array."), rows),
    ]


def _suppress(row: dict, count_key: str, figures: list[str], min_group: int) -> dict:
    small = row[count_key] < min_group
    out = {**row, "suppressed": SUPPRESSED if small else ""}
    if small:
        out.update({name: "" for name in figures})
    return out


def _inference_usage(ctx: BuildContext) -> list[BuiltFile]:
    figures = ["requests", "failed", "prompt_tokens", "completion_tokens", "energy_wh", "co2_g"]
    rows = []
    for row in research_usage_by_month():
        ctx.see(row)
        rows.append(
            _suppress(
                {
                    "month": row["month"].strftime("%Y-%m") if row["month"] else "",
                    "channel": row["channel"],
                    "model_alias": row["model_alias"],
                    "requests": row["requests"],
                    "failed": row["failed"],
                    "prompt_tokens": int(row["prompt_tokens"]),
                    "completion_tokens": int(row["completion_tokens"]),
                    "energy_wh": round(float(row["energy_wh"]), 3),
                    "co2_g": round(float(row["co2_g"]), 3),
                },
                "requests",
                figures,
                ctx.min_group,
            )
        )
    columns = ["month", "channel", "model_alias", *figures, "suppressed"]
    return [
        _write(
            FileSpec("usage-by-month.csv", "Requests per month, channel and model.", columns), rows
        )
    ]


def _training_completion(ctx: BuildContext) -> list[BuiltFile]:
    with translation.override("fr"):
        by_course = training_indicators()["by_course"]
    rows = []
    for course in by_course:
        ctx.see(course)
        rows.append(
            _suppress(
                {
                    "course": course["key"],
                    "title": course["label"],
                    "enrolments": course["enrolments"],
                    "completions": course["completions"],
                },
                "enrolments",
                ["enrolments", "completions"],
                ctx.min_group,
            )
        )
    columns = ["course", "title", "enrolments", "completions", "suppressed"]
    return [
        _write(FileSpec("completion-by-course.csv", "Enrolments and completions.", columns), rows)
    ]


def _sandbox_conversations(ctx: BuildContext) -> list[BuiltFile]:
    def conversations() -> Iterator[dict]:
        for shared in shared_conversations_qs().order_by("pk").iterator(chunk_size=500):
            source = {
                "id": str(shared.conversation_id),
                "model": shared.model_alias,
                "consent": shared.consent_at.isoformat(),
                "messages": shared.messages,
            }
            ctx.see(source)
            yield {
                "conversation": ctx.pseudonym("conversation", shared.conversation_id),
                "model_alias": shared.model_alias,
                "shared_on": _day(shared.consent_at),
                # Role and text only: any other key a client sent (a name…) is left out.
                "messages": [
                    {"role": str(m.get("role", "")), "content": str(m.get("content", ""))}
                    for m in shared.messages or []
                    if isinstance(m, dict)
                ],
            }

    return [
        _write(
            FileSpec(
                "conversations.json", "Conversations shared by their authors, one object each."
            ),
            conversations(),
        )
    ]


BUILDERS: dict[str, Callable[[BuildContext], list[BuiltFile]]] = {
    DatasetKind.BALLOTS_COMMENTS: _ballots_and_comments,
    DatasetKind.REGISTER_HISTORY: _register_history,
    DatasetKind.INFERENCE_USAGE: _inference_usage,
    DatasetKind.TRAINING_COMPLETION: _training_completion,
    DatasetKind.SANDBOX_CONVERSATIONS: _sandbox_conversations,
}


def datasheet_file(*, dataset, version: int, published_at, min_group: int, files) -> BuiltFile:
    """The datasheet as it stood at this release (both languages), frozen with its files."""
    sheet = {
        "dataset": dataset.slug,
        "version": version,
        "published": published_at.isoformat(),
        "access": dataset.access,
        "licence": dataset.licence,
        "licence_url": dataset.licence_url,
        "smallest_group_shown": min_group,
        "title": {"fr": dataset.title, "en": dataset.title_en},
        "what": {"fr": dataset.description, "en": dataset.description_en},
        "how_collected": {"fr": dataset.collection, "en": dataset.collection_en},
        "what_was_removed": {"fr": dataset.removed, "en": dataset.removed_en},
        "files": [
            {"name": f.name, "rows": f.rows, "bytes": f.size, "sha256": f.sha256} for f in files
        ],
    }
    data = (json.dumps(sheet, ensure_ascii=False, indent=2) + "\n").encode()
    content = tempfile.SpooledTemporaryFile(max_size=len(data) + 1)  # noqa: SIM115 (as _write)
    content.write(data)
    content.seek(0)
    return BuiltFile(
        name="datasheet.json",
        media_type="application/json",
        description="The datasheet of this release.",
        content=content,
        rows=1,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def release_files_build(*, kind: str, min_group: int) -> tuple[list[BuiltFile], str]:
    """The files of a new release of `kind` and the content's fingerprint."""
    ctx = BuildContext(min_group=min_group)
    files = BUILDERS[kind](ctx)
    return files, ctx.fingerprint
