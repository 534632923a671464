"""Quiz scoring. Pure functions: no database, easy to test and to document.

Scoring rules (each question is worth one point; the quiz score is the mean, in %):
- single choice and true/false: 1 if the one correct answer is selected alone, else 0;
- multiple choice, partial credit: (correct answers selected − wrong answers selected)
  ÷ number of correct answers, floored at 0. Ticking every box therefore earns nothing
  more than ticking none, and each missed correct answer costs its share.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from training.blocks import QuestionKind

FIELD_PREFIX = "q-"


def question_score(*, kind: str, choices: list[dict], selected: set[int]) -> Decimal:
    correct = {i for i, choice in enumerate(choices) if choice["is_correct"]}
    if not correct:
        return Decimal(0)
    if kind == QuestionKind.MULTIPLE:
        hits = len(selected & correct)
        wrong = len(selected - correct)
        return max(Decimal(0), Decimal(hits - wrong) / Decimal(len(correct)))
    return Decimal(1) if selected == correct and len(selected) == 1 else Decimal(0)


def quiz_score(*, questions, answers: dict[str, list[int]]) -> dict:
    """Score answers ({question block id: [choice indexes]}) against the quiz StreamField."""
    per_question = {}
    total = Decimal(0)
    count = 0
    for question in questions:
        value = question.value
        choices = [dict(c) for c in value["choices"]]
        earned = question_score(
            kind=value["kind"], choices=choices, selected=set(answers.get(question.id, []))
        )
        per_question[question.id] = float(earned)
        total += earned
        count += 1
    score = (total * 100 / count) if count else Decimal(0)
    return {
        "score": score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        "per_question": per_question,
    }


def answers_from_post(*, questions, data) -> tuple[dict[str, list[int]], dict[str, str]]:
    """Read the submitted form; every question needs an answer among those offered."""
    answers: dict[str, list[int]] = {}
    errors: dict[str, str] = {}
    for number, question in enumerate(questions, start=1):
        raw = data.getlist(f"{FIELD_PREFIX}{question.id}")
        size = len(question.value["choices"])
        try:
            picked = sorted({int(v) for v in raw})
        except (TypeError, ValueError):
            picked = []
            raw = ["invalid"]
        if any(p < 0 or p >= size for p in picked) or (raw and not picked):
            errors[question.id] = _("Question %(n)s: choose among the answers offered.") % {
                "n": number
            }
        elif not picked:
            errors[question.id] = _("Question %(n)s: choose an answer.") % {"n": number}
        elif question.value["kind"] != QuestionKind.MULTIPLE and len(picked) > 1:
            errors[question.id] = _("Question %(n)s: choose only one answer.") % {"n": number}
        else:
            answers[question.id] = picked
    return answers, errors


def quiz_view_state(*, lesson, attempts: list[dict], result: dict | None, errors=None, posted=None):
    """What the quiz template needs: questions, feedback for the last attempt, attempts left."""
    max_attempts = lesson.quiz_max_attempts
    used = len(attempts)
    passed = any(a["passed"] for a in attempts)
    best = max((a["score"] for a in attempts), default=None)
    answers = (result or {}).get("answers", {})
    if posted is not None:
        answers = posted
    per_question = (result or {}).get("per_question", {})
    questions = []
    for number, question in enumerate(lesson.quiz, start=1):
        value = question.value
        selected = set(answers.get(question.id, []))
        earned = per_question.get(question.id)
        questions.append(
            {
                "id": question.id,
                "number": number,
                "kind": value["kind"],
                "prompt": value["prompt"],
                "explanation": value["explanation"],
                "answer_in_lesson": value.get("answer_in_lesson") or "",
                "earned": earned,
                "outcome": None
                if earned is None
                else ("right" if earned >= 1 else "partial" if earned > 0 else "wrong"),
                "error": (errors or {}).get(question.id),
                "choices": [
                    {
                        "index": i,
                        "text": c["text"],
                        "selected": i in selected,
                        "feedback": c["feedback"],
                        "is_correct": c["is_correct"],
                    }
                    for i, c in enumerate(value["choices"])
                ],
            }
        )
    attempts_left = None if max_attempts == 0 else max(0, max_attempts - used)
    can_attempt = attempts_left is None or attempts_left > 0
    return {
        # Correct answers are shown once they no longer give a retry away.
        "reveal": passed or not can_attempt,
        "questions": questions,
        "threshold": lesson.quiz_pass_threshold,
        "max_attempts": max_attempts,
        "attempts_used": used,
        "attempts_left": attempts_left,
        "passed": passed,
        "best_score": best,
        "can_attempt": can_attempt,
        "result": result,
        "errors": errors or {},
    }
