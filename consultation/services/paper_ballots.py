"""Paper and counter ballots, entered in batches under four-eyes.

A batch is one ballot box or counter: how many ballots gave each grade to each use case.
Two different officers (role `counter_agent`) enter the same batch independently; the batch
is counted only when two entries agree. When they differ the batch is refused (not counted)
and marked "entries differ"; it is resolved by a further officer's entry: when it matches one
of the earlier entries, that count is confirmed. Nothing is ever edited: a wrong entry stays
in the trail beside the ones that outvoted it. The same officer never enters a batch twice
(also a database constraint).

The results merge the confirmed batches' grade counts with the online ones in SQL
(`consultation.selectors.paper_grade_counts`); ballots are never loaded one by one.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consultation import policies, selectors
from consultation.audit import ConsultationAuditAction, audit
from consultation.models import (
    BallotChannel,
    Consultation,
    Grade,
    PaperBatch,
    PaperBatchCount,
    PaperBatchEntry,
    PaperBatchStatus,
)
from core.errors import Conflict, InvalidInput

#: More ballots than this in one box is a typing error, not a count.
MAX_BALLOTS_PER_GRADE = 100_000
PAPER_CHANNELS = (BallotChannel.PAPER, BallotChannel.COUNTER)

Counts = dict[tuple[int, str], int]


def _counts_clean(*, consultation: Consultation, counts: dict) -> Counts:
    """{(use_case_id, grade): n} without zeros, for the consultation's published use cases."""
    allowed = set(
        selectors.public_use_cases().filter(consultation=consultation).values_list("pk", flat=True)
    )
    clean: Counts = {}
    for use_case_id, by_grade in counts.items():
        if use_case_id not in allowed:
            raise InvalidInput(_("A use case of this batch is not in this consultation."))
        for grade, n in by_grade.items():
            if grade not in Grade.values:
                raise InvalidInput(_("Unknown grade “%(grade)s”.") % {"grade": str(grade)[:40]})
            if not isinstance(n, int) or n < 0 or n > MAX_BALLOTS_PER_GRADE:
                raise InvalidInput(
                    _("Each count is a whole number between 0 and %(max)s.")
                    % {"max": MAX_BALLOTS_PER_GRADE}
                )
            if n:
                clean[(use_case_id, grade)] = n
    if not clean:
        raise InvalidInput(_("This batch has no ballot: enter at least one count."))
    return clean


def _entry_counts(batch: PaperBatch) -> dict[int, Counts]:
    """The counts of each entry of a batch (a handful of rows per entry)."""
    by_entry: dict[int, Counts] = {
        entry_id: {} for entry_id in batch.entries.values_list("pk", flat=True)
    }
    rows = PaperBatchCount.objects.filter(entry__batch=batch).values_list(
        "entry_id", "use_case_id", "grade", "count"
    )
    for entry_id, use_case_id, grade, n in rows:
        by_entry[entry_id][(use_case_id, grade)] = n
    return by_entry


@transaction.atomic
def paper_batch_enter(
    *,
    officer: User,
    consultation: Consultation,
    label: str,
    channel: str,
    counts: dict[int, dict[str, int]],
    note: str = "",
) -> PaperBatchEntry:
    """One officer's count of a batch; confirms or refuses the batch when it is not the first.

    `counts` = {use_case_id: {grade: number of ballots}}. Returns the entry; its batch's
    `status` says what happened (awaiting the second entry, confirmed, entries differ)."""
    policies.paper_ballots_check(user=officer)
    policies.paper_ballots_phase_check(consultation=consultation)
    label = " ".join((label or "").split())[:160]
    if not label:
        raise InvalidInput(_("Name the ballot box or the counter."))
    if channel not in PAPER_CHANNELS:
        raise InvalidInput(_("Say whether the ballots come from a ballot box or a counter."))
    clean = _counts_clean(consultation=consultation, counts=counts)
    batch, _created = PaperBatch.objects.get_or_create(
        consultation=consultation, label=label, defaults={"channel": channel}
    )
    batch = PaperBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.channel != channel:
        raise Conflict(
            _("This batch was entered as “%(channel)s”: enter it the same way.")
            % {"channel": batch.get_channel_display()}
        )
    if batch.status == PaperBatchStatus.CONFIRMED:
        raise Conflict(_("This batch is already confirmed by two matching entries."))
    if batch.entries.filter(officer=officer).exists():
        raise Conflict(
            _("You already entered this batch: a different officer must enter it."),
            code="same_officer",
        )
    previous = _entry_counts(batch)
    entry = PaperBatchEntry.objects.create(batch=batch, officer=officer, note=(note or "")[:300])
    PaperBatchCount.objects.bulk_create(
        [
            PaperBatchCount(entry=entry, use_case_id=use_case_id, grade=grade, count=n)
            for (use_case_id, grade), n in sorted(clean.items())
        ]
    )
    audit(
        actor=officer,
        action=ConsultationAuditAction.PAPER_BATCH_ENTERED,
        target=batch,
        summary=label,
        data={"entry": entry.pk, "ballots": sum(clean.values())},
    )
    matching = [entry_id for entry_id, other in previous.items() if other == clean]
    if matching:
        batch.status = PaperBatchStatus.CONFIRMED
        batch.confirmed_entry_id = min(matching)
        batch.confirmed_at = timezone.now()
        batch.save(update_fields=["status", "confirmed_entry", "confirmed_at"])
        audit(
            actor=officer,
            action=ConsultationAuditAction.PAPER_BATCH_CONFIRMED,
            target=batch,
            summary=label,
            data={"entries": [min(matching), entry.pk]},
        )
    elif previous:
        batch.status = PaperBatchStatus.MISMATCH
        batch.save(update_fields=["status"])
        audit(
            actor=officer,
            action=ConsultationAuditAction.PAPER_BATCH_MISMATCH,
            target=batch,
            summary=label,
            data={"entries": [*previous, entry.pk]},
        )
    entry.batch = batch
    return entry
