"""What the training pages show: catalogue, course outline and progress, lesson and quiz.

The view layer of the Wagtail pages: it imports the models and registers these functions with
them (`page_context_register`) when the app is ready, so the models never import the selectors,
the services or the forms. Reading a page writes nothing: the learner's place ("resume where I
left off") is recorded by their actions, which are POSTs (enrol, complete, quiz).
"""

from django.http import HttpRequest

from training.forms import CertificateClaimForm
from training.models import (
    CoursePage,
    LessonPage,
    ModulePage,
    TrainingIndexPage,
    page_context_register,
)
from training.selectors import catalogue, course_outline, lesson_context
from training.services import user_can_facilitate


@page_context_register("index")
def index_context(request: HttpRequest, index: TrainingIndexPage) -> dict:
    return catalogue(index=index, params=request.GET)


@page_context_register("course")
def course_context(request: HttpRequest, course: CoursePage) -> dict:
    context = {
        "outline": course_outline(course=course, request=request),
        "can_facilitate": user_can_facilitate(request.user),
    }
    if request.user.is_authenticated:
        context["claim_form"] = CertificateClaimForm(
            initial={"learner_name": request.user.display_name}
        )
    return context


@page_context_register("module")
def module_context(request: HttpRequest, module: ModulePage, course: CoursePage) -> dict:
    outline = course_outline(course=course, request=request)
    return {
        "outline": outline,
        "module": next((m for m in outline["modules"] if m.pk == module.pk), None),
    }


@page_context_register("lesson")
def lesson_page_context(request: HttpRequest, lesson: LessonPage) -> dict:
    return lesson_context(lesson=lesson, request=request)
