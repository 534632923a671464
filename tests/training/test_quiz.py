"""Quiz scoring: every question type, partial credit for multiple choice, form parsing."""

from decimal import Decimal

import pytest
from django.http import QueryDict

from training.quiz import answers_from_post, question_score, quiz_score

CHOICES_MULTI = [
    {"is_correct": True},
    {"is_correct": False},
    {"is_correct": True},
    {"is_correct": False},
]
CHOICES_SINGLE = [{"is_correct": False}, {"is_correct": True}, {"is_correct": False}]
CHOICES_TF = [{"is_correct": True}, {"is_correct": False}]


@pytest.mark.parametrize(
    ("selected", "expected"),
    [({1}, 1), ({0}, 0), (set(), 0), ({0, 1}, 0)],
)
def test_single_choice_scores_one_only_for_the_correct_answer_alone(selected, expected):
    assert question_score(kind="single", choices=CHOICES_SINGLE, selected=selected) == expected


@pytest.mark.parametrize(("selected", "expected"), [({0}, 1), ({1}, 0), (set(), 0)])
def test_true_false_scores_like_a_single_choice(selected, expected):
    assert question_score(kind="true_false", choices=CHOICES_TF, selected=selected) == expected


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ({0, 2}, Decimal(1)),  # every correct answer, no wrong one
        ({0}, Decimal("0.5")),  # half of the correct answers
        ({0, 2, 1}, Decimal("0.5")),  # one wrong answer cancels one right one
        ({0, 1}, Decimal(0)),  # one right, one wrong
        ({0, 1, 2, 3}, Decimal(0)),  # ticking every box earns nothing
        ({1, 3}, Decimal(0)),  # floored at zero, never negative
        (set(), Decimal(0)),
    ],
)
def test_multiple_choice_gives_partial_credit(selected, expected):
    assert question_score(kind="multiple", choices=CHOICES_MULTI, selected=selected) == expected


class Q:
    def __init__(self, id, kind, choices):
        self.id = id
        self.value = {"kind": kind, "choices": choices}


QUESTIONS = [
    Q("a", "single", CHOICES_SINGLE),
    Q("b", "multiple", CHOICES_MULTI),
    Q("c", "true_false", CHOICES_TF),
]


def test_quiz_score_is_the_mean_of_question_scores_in_percent():
    result = quiz_score(questions=QUESTIONS, answers={"a": [1], "b": [0], "c": [1]})
    assert result["score"] == Decimal("50.00")  # (1 + 0.5 + 0) / 3
    assert result["per_question"] == {"a": 1.0, "b": 0.5, "c": 0.0}


def test_perfect_answers_score_one_hundred():
    result = quiz_score(questions=QUESTIONS, answers={"a": [1], "b": [0, 2], "c": [0]})
    assert result["score"] == Decimal("100.00")


def test_unanswered_question_is_reported_with_its_number():
    data = QueryDict("q-a=1&q-c=0")
    answers, errors = answers_from_post(questions=QUESTIONS, data=data)
    assert answers == {"a": [1], "c": [0]}
    assert list(errors) == ["b"]
    assert "2" in errors["b"]


@pytest.mark.parametrize("value", ["9", "-1", "abc"])
def test_answer_outside_the_choices_is_refused(value):
    data = QueryDict(f"q-a={value}&q-b=0&q-c=0")
    _answers, errors = answers_from_post(questions=QUESTIONS, data=data)
    assert "a" in errors


def test_two_answers_to_a_single_choice_question_are_refused():
    data = QueryDict("q-a=0&q-a=1&q-b=0&q-c=0")
    _answers, errors = answers_from_post(questions=QUESTIONS, data=data)
    assert "a" in errors


def test_several_answers_to_a_multiple_choice_question_are_kept():
    data = QueryDict("q-a=1&q-b=0&q-b=2&q-c=0")
    answers, errors = answers_from_post(questions=QUESTIONS, data=data)
    assert not errors
    assert answers["b"] == [0, 2]
