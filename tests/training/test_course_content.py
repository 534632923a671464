"""The seeded courses themselves: every quiz question is answered by its own lesson, in both
languages, and the two languages have the same structure.

Each question carries `answer_in_lesson`, a passage copied from its lesson; the lesson body must
contain it word for word. Editing a lesson so that it no longer gives the answer (or translating
it without the passage) fails these tests and the lesson's validation.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.rich_text import RichText

from tests.helpers import page_text
from training.blocks import QuestionKind, lesson_text, quiz_unsupported_passages, text_normalise
from training.models import CoursePage, LessonPage, ModulePage, Track
from training.quiz import FIELD_PREFIX

pytestmark = pytest.mark.django_db

# The courses the demo seeds, in catalogue order, with their track.
COURSES = {
    "comprendre-l-ia": Track.RESIDENTS,
    "l-ia-au-travail": Track.STAFF,
    "ia-symbolique-predictive-generative": Track.STAFF,
    "ia-et-cyberrisques": Track.STAFF,
    "ia-service-public-et-travail": Track.STAFF,
    "reperer-contenus-ia-et-desinformation": Track.RESIDENTS,
}
NEW_COURSES = list(COURSES)[2:]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The portal's pages and the training demo, seeded once for the module and rolled back
    after it (each test runs in a savepoint inside this transaction)."""
    from portal import demo as portal_demo
    from training import demo

    with django_db_blocker.unblock(), transaction.atomic():
        portal_demo.seed(stdout=io.StringIO())
        out = io.StringIO()
        demo.seed(stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def course(slug: str, language: str = "fr") -> CoursePage:
    return CoursePage.objects.get(slug=slug, locale__language_code=language)


def lessons_of(course_page: CoursePage, *, plain: bool | None = None) -> list[LessonPage]:
    lessons = LessonPage.objects.descendant_of(course_page).order_by("path")
    if plain is not None:
        lessons = lessons.filter(is_plain_language=plain)
    return list(lessons)


def all_lessons(language: str) -> list[LessonPage]:
    return [lesson for slug in COURSES for lesson in lessons_of(course(slug, language))]


def body_without(body, passage: str) -> list:
    """The body's blocks as (type, value), with `passage` cut out of its paragraphs."""
    return [
        (
            child.block_type,
            RichText(child.value.source.replace(passage, ""))
            if child.block_type == "paragraph"
            else child.value,
        )
        for child in body
    ]


# --- the demo seeds the courses --------------------------------------------------------------


def test_demo_seeds_the_six_courses_in_both_languages(seeded):
    for language in ("fr", "en"):
        slugs = list(
            CoursePage.objects.filter(locale__language_code=language)
            .order_by("path")
            .values_list("slug", flat=True)
        )
        assert slugs == list(COURSES), language
    for slug, track in COURSES.items():
        assert course(slug).track == track
    assert "training: 6 courses (fr + en), 16 lessons with quizzes, 3 FALC lessons" in seeded


@pytest.mark.parametrize("slug", NEW_COURSES)
def test_each_new_course_has_two_to_four_lessons_each_with_a_quiz(seeded, slug):
    for language in ("fr", "en"):
        lessons = lessons_of(course(slug, language), plain=False)
        assert 2 <= len(lessons) <= 4, (slug, language)
        for lesson in lessons:
            assert lesson.live
            assert len(lesson.quiz) >= 3, lesson.url_path
            assert lesson.estimated_minutes > 0


def test_the_residents_disinformation_course_has_a_falc_version_of_every_lesson(seeded):
    for language in ("fr", "en"):
        page = course("reperer-contenus-ia-et-desinformation", language)
        standard = lessons_of(page, plain=False)
        plain = lessons_of(page, plain=True)
        assert len(plain) == len(standard) == 2
        for lesson in standard:
            falc = lesson.plain_language_version
            assert falc is not None, lesson.url_path
            assert falc.specific.is_plain_language
            assert falc.locale_id == lesson.locale_id
            assert falc.get_parent().pk == lesson.get_parent().pk
        assert {lesson.plain_language_version_id for lesson in standard} == {
            falc.pk for falc in plain
        }


# --- every question is answered by its own lesson -----------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_question_names_a_passage_that_its_own_lesson_contains(seeded, language):
    lessons = all_lessons(language)
    assert len(lessons) == 19
    checked = 0
    for lesson in lessons:
        assert lesson.has_quiz, lesson.url_path
        text = lesson_text(lesson.body)
        for number, question in enumerate(lesson.quiz, start=1):
            passage = question.value["answer_in_lesson"].strip()
            where = f"{lesson.url_path} question {number}"
            assert passage, f"{where} names no passage of its lesson"
            assert len(passage.split()) >= 3, f"{where}: a passage of a word or two proves nothing"
            assert text_normalise(passage) in text, f"{where}: “{passage}” is not in the lesson"
            checked += 1
        assert quiz_unsupported_passages(quiz=lesson.quiz, body=lesson.body) == []
        lesson.full_clean()
    assert checked >= 55


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_question_is_well_formed(seeded, language):
    for lesson in all_lessons(language):
        for number, question in enumerate(lesson.quiz, start=1):
            value = question.value
            where = f"{lesson.url_path} question {number}"
            correct = [c for c in value["choices"] if c["is_correct"]]
            assert correct, where
            if value["kind"] != QuestionKind.MULTIPLE:
                assert len(correct) == 1, where
            else:
                assert len(correct) < len(value["choices"]), f"{where}: every box is right"
            assert all(c["feedback"].strip() for c in value["choices"]), where
            assert value["explanation"].strip(), where


def test_a_lesson_edited_so_that_it_no_longer_gives_the_answer_is_refused(seeded):
    lesson = lessons_of(course("ia-et-cyberrisques"), plain=False)[0]
    question = lesson.quiz[0].value
    passage = question["answer_in_lesson"]
    assert text_normalise(passage) in lesson_text(lesson.body)

    lesson.body = body_without(lesson.body, passage)

    assert text_normalise(passage) not in lesson_text(lesson.body)
    assert quiz_unsupported_passages(quiz=lesson.quiz, body=lesson.body) == [(1, passage)]
    with pytest.raises(ValidationError) as refused:
        lesson.full_clean()
    assert "quiz" in refused.value.message_dict
    assert passage in refused.value.message_dict["quiz"][0]
    with pytest.raises(ValidationError):
        lesson.save_revision()


def test_a_translation_whose_passage_is_not_translated_is_refused(seeded):
    """The English lesson cannot keep the French passage: it is checked against its own text."""
    french = lessons_of(course("ia-symbolique-predictive-generative"), plain=False)[0]
    english = lessons_of(course("ia-symbolique-predictive-generative", "en"), plain=False)[0]
    assert english.translation_key == french.translation_key
    quiz = [dict(item) for item in english.quiz.raw_data]
    quiz[1]["value"]["answer_in_lesson"] = french.quiz[1].value["answer_in_lesson"]
    english.quiz = quiz

    with pytest.raises(ValidationError) as refused:
        english.full_clean()
    assert refused.value.message_dict["quiz"][0].startswith("Question 2")


# --- the two languages have the same structure ------------------------------------------------


def quiz_shape(lesson: LessonPage) -> list[tuple]:
    return [
        (
            q.value["kind"],
            len(q.value["choices"]),
            tuple(i for i, c in enumerate(q.value["choices"]) if c["is_correct"]),
        )
        for q in lesson.quiz
    ]


@pytest.mark.parametrize("slug", list(COURSES))
def test_french_and_english_courses_have_the_same_structure(seeded, slug):
    french, english = course(slug, "fr"), course(slug, "en")
    assert english.translation_key == french.translation_key
    assert english.title != french.title

    def modules(page):
        return list(ModulePage.objects.child_of(page).order_by("path"))

    assert [m.translation_key for m in modules(english)] == [
        m.translation_key for m in modules(french)
    ]
    fr_lessons, en_lessons = lessons_of(french), lessons_of(english)
    assert [lesson.translation_key for lesson in en_lessons] == [
        lesson.translation_key for lesson in fr_lessons
    ]
    for fr_lesson, en_lesson in zip(fr_lessons, en_lessons, strict=True):
        assert en_lesson.title != fr_lesson.title, en_lesson.url_path
        assert en_lesson.is_plain_language == fr_lesson.is_plain_language
        assert quiz_shape(en_lesson) == quiz_shape(fr_lesson), en_lesson.url_path
        fr_falc, en_falc = fr_lesson.plain_language_version, en_lesson.plain_language_version
        assert (en_falc and en_falc.translation_key) == (fr_falc and fr_falc.translation_key)


# --- the courses are served in both languages ---------------------------------------------------


@pytest.mark.parametrize("slug", NEW_COURSES)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_new_course_and_its_lessons_render(client, seeded, slug, language):
    page = course(slug, language)
    response = client.get(page.url)
    assert response.status_code == 200
    text = page_text(response)
    assert page.title in text
    for lesson in lessons_of(page):
        assert lesson.url.startswith("/en/" if language == "en" else "/training/")
        response = client.get(lesson.url)
        assert response.status_code == 200, lesson.url
        text = page_text(response)
        assert lesson.title in text
        assert text.count('<fieldset class="quiz-question') == len(lesson.quiz)
        for question in lesson.quiz:
            assert question.value["prompt"] in text
        if lesson.plain_language_version_id:
            assert lesson.plain_language_version.url in text


@pytest.mark.parametrize(
    ("language", "label"), [("fr", "Dans la leçon : « "), ("en", "In the lesson: “")]
)
def test_passing_a_quiz_shows_where_the_lesson_gives_each_answer(client, seeded, language, label):
    lesson = lessons_of(course("ia-service-public-et-travail", language), plain=False)[1]
    before = page_text(client.get(lesson.url))
    passages = [q.value["answer_in_lesson"] for q in lesson.quiz]
    assert label + passages[0] not in before

    answers = {
        f"{FIELD_PREFIX}{q.id}": [i for i, c in enumerate(q.value["choices"]) if c["is_correct"]]
        for q in lesson.quiz
    }
    response = client.post(f"/training/lessons/{lesson.pk}/quiz/", answers, follow=True)

    text = page_text(response)
    assert response.status_code == 200
    assert "notice--success" in text
    assert text.count('class="quiz-passage"') == len(passages)
    for passage in passages:
        assert label + passage in text


def test_a_failed_attempt_with_attempts_left_does_not_give_the_passages_away(client, seeded):
    lesson = lessons_of(course("ia-et-cyberrisques"), plain=False)[1]
    wrong = {
        f"{FIELD_PREFIX}{q.id}": [
            next(i for i, c in enumerate(q.value["choices"]) if not c["is_correct"])
        ]
        for q in lesson.quiz
    }
    response = client.post(f"/training/lessons/{lesson.pk}/quiz/", wrong, follow=True)

    text = page_text(response)
    assert "notice--warning" in text
    assert 'class="quiz-passage"' not in text
    assert lesson.quiz[0].value["explanation"] in text


# --- the text the passages are looked up in -------------------------------------------------


def test_lesson_text_joins_words_split_by_inline_tags_and_separates_blocks():
    body = LessonPage(
        body=[
            ("heading", "Le titre"),
            ("paragraph", "<p>reposent sur l’<b>apprentissage</b> automatique.</p><p>Fin</p>"),
            ("key_points", {"heading": "", "points": ["Un point", "Un autre"]}),
            ("glossary_term", {"term": "Jeton", "definition": "Un morceau&nbsp;de texte"}),
        ]
    ).body

    text = lesson_text(body)

    assert "reposent sur l'apprentissage automatique. fin" in text
    assert "le titre" in text
    assert "un point un autre" in text
    assert "jeton un morceau de texte" in text
    assert "automatique.fin" not in text


def test_a_question_without_passage_is_not_checked_but_a_wrong_one_is():
    page = LessonPage(
        body=[("paragraph", "<p>Une IA peut se tromper avec assurance.</p>")],
        quiz=[
            ("question", {"kind": "true_false", "prompt": "?", "answer_in_lesson": ""}),
            (
                "question",
                {"kind": "true_false", "prompt": "?", "answer_in_lesson": "peut se tromper"},
            ),
            (
                "question",
                {"kind": "true_false", "prompt": "?", "answer_in_lesson": "ne se trompe jamais"},
            ),
        ],
    )

    assert quiz_unsupported_passages(quiz=page.quiz, body=page.body) == [(3, "ne se trompe jamais")]
