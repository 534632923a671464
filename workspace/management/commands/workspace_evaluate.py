"""Run the assistants' golden sets on the configured models and print the scores.

    manage.py workspace_evaluate [--assistant SLUG] [--model ALIAS] [--limit N]

Every live assistant × every model alias an active, allowed node serves (or the ones named);
the golden files (workspace/golden/*.yaml) are loaded first. Each result is stored (one per
assistant × version × model × day) and written to the assistant's register record.
"""

from django.core.management.base import BaseCommand, CommandError

from workspace.evaluation.golden import GoldenSetError
from workspace.evaluation.services import evaluations_run


def scores_table(evaluations) -> str:
    """The evaluations as a fixed-width table (also pasted in reports)."""
    headers = ["assistant", "v", "model", "score", "cases", "checks", "tokens", "time s", "Wh"]
    rows = [
        [
            e.assistant.slug,
            str(e.assistant_version),
            e.model_alias,
            f"{e.score:.1f}",
            f"{e.passed}/{e.total}",
            f"{e.checks_passed}/{e.checks_total}",
            str(e.prompt_tokens + e.completion_tokens),
            f"{e.duration_ms / 1000:.1f}",
            f"{e.energy_wh:.3f}",
        ]
        for e in evaluations
    ]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        return "  ".join(
            c.ljust(w) if i < 3 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(headers), line(["-" * w for w in widths]), *[line(r) for r in rows]])


class Command(BaseCommand):
    help = (
        "Run the workspace assistants' golden sets on every configured model and print the scores."
    )

    def add_arguments(self, parser):
        parser.add_argument("--assistant", help="only this assistant (slug)")
        parser.add_argument("--model", help="only this model alias")
        parser.add_argument("--limit", type=int, help="at most N cases per assistant")

    def handle(self, *args, assistant=None, model=None, limit=None, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1.")
        verbose = options["verbosity"] > 1

        def progress(detail: dict) -> None:
            if verbose:
                mark = "ok" if detail["passed"] else "FAIL"
                self.stdout.write(f"  {mark:4} {detail['key']}")

        try:
            evaluations = evaluations_run(
                assistant_slug=assistant, model_alias=model, limit=limit, on_case=progress
            )
        except (LookupError, GoldenSetError) as exc:
            raise CommandError(str(exc)) from exc
        if not evaluations:
            self.stdout.write("No evaluation: no live assistant has golden cases.")
            return
        self.stdout.write(scores_table(evaluations))
