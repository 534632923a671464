"""Lesson content blocks. Videos are served by the site and must carry WebVTT captions."""

import html
import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.rich_text import RichText

from core.blocks import BODY_RICH_TEXT_FEATURES, FigureBlock, HeadingBlock

VIDEO_EXTENSIONS = ("mp4", "webm")


class VideoBlock(blocks.StructBlock):
    """A video file served by the site, with captions and a full transcript (both required)."""

    title = blocks.CharBlock(label=_("Title"))
    video = DocumentChooserBlock(
        label=_("Video file"), help_text=_("An MP4 or WebM file uploaded to the site.")
    )
    captions = DocumentChooserBlock(
        label=_("Captions (WebVTT)"),
        required=False,
        help_text=_("A .vtt file. A video without captions cannot be published."),
    )
    captions_language = blocks.ChoiceBlock(
        label=_("Captions language"), choices=[("fr", "Français"), ("en", "English")], default="fr"
    )
    transcript = blocks.RichTextBlock(
        label=_("Transcript"), features=["bold", "italic", "link", "ul", "ol"]
    )

    class Meta:
        icon = "media"
        template = "training/blocks/video.html"

    def clean(self, value):
        errors = {}
        video = value.get("video")
        captions = value.get("captions")
        if video is not None and video.file_extension.lower() not in VIDEO_EXTENSIONS:
            errors["video"] = ValidationError(_("The video must be an MP4 or WebM file."))
        if captions is None:
            errors["captions"] = ValidationError(
                _("Add WebVTT captions: a video without captions is refused.")
            )
        elif captions.file_extension.lower() != "vtt":
            errors["captions"] = ValidationError(_("Captions must be a WebVTT (.vtt) file."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return super().clean(value)


class KeyPointsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    points = blocks.ListBlock(blocks.CharBlock(label=_("Point")), label=_("Key points"))

    class Meta:
        icon = "list-ul"
        template = "training/blocks/key_points.html"


class GlossaryTermBlock(blocks.StructBlock):
    term = blocks.CharBlock(label=_("Term"))
    definition = blocks.TextBlock(label=_("Definition"))

    class Meta:
        icon = "help"
        template = "training/blocks/glossary_term.html"


class TryItBlock(blocks.StructBlock):
    """Opens the city's model sandbox with a prepared prompt, when the sandbox exists."""

    introduction = blocks.TextBlock(label=_("Introduction"))
    prompt = blocks.TextBlock(label=_("Prepared prompt"))

    class Meta:
        icon = "pick"
        template = "training/blocks/try_it.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["sandbox_url"] = sandbox_url(value["prompt"])
        return context


def sandbox_url(prompt: str) -> str | None:
    try:
        base = reverse("inference_bridge:sandbox")
    except NoReverseMatch:
        return None
    return f"{base}?{urlencode({'prompt': prompt})}"


class LessonBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock(label=_("Heading"))
    paragraph = blocks.RichTextBlock(label=_("Rich text"), features=BODY_RICH_TEXT_FEATURES)
    figure = FigureBlock(label=pgettext_lazy("illustration", "Figure"))
    video = VideoBlock(label=_("Video"))
    key_points = KeyPointsBlock(label=_("Key points"))
    glossary_term = GlossaryTermBlock(label=_("Glossary term"))
    try_it = TryItBlock(label=_("Try it"))


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"))
    is_correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.TextBlock(
        label=_("Feedback"), help_text=_("Shown when the learner picks this answer.")
    )


class QuestionKind:
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"


class QuestionBlock(blocks.StructBlock):
    """One quiz question. True/false questions have exactly two choices, one correct."""

    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            (QuestionKind.SINGLE, _("Single choice")),
            (QuestionKind.MULTIPLE, _("Multiple choice (partial credit)")),
            (QuestionKind.TRUE_FALSE, _("True or false")),
        ],
        default=QuestionKind.SINGLE,
    )
    prompt = blocks.TextBlock(label=_("Question"))
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Answers"), min_num=2)
    explanation = blocks.TextBlock(
        label=_("Explanation"), help_text=_("Shown after the learner answers.")
    )
    answer_in_lesson = blocks.TextBlock(
        label=_("Where the lesson answers it"),
        required=False,
        help_text=_(
            "A passage copied word for word from the lesson body that gives the correct answer. "
            "Saving checks that the lesson still contains it; learners see it once the answers "
            "are revealed."
        ),
    )

    class Meta:
        icon = "help"

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for c in value["choices"] if c["is_correct"])
        if correct == 0:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark at least one correct answer."))}
            )
        if value["kind"] != QuestionKind.MULTIPLE and correct != 1:
            raise StructBlockValidationError(
                block_errors={
                    "choices": ValidationError(_("This kind of question has one correct answer."))
                }
            )
        if value["kind"] == QuestionKind.TRUE_FALSE and len(value["choices"]) != 2:
            raise StructBlockValidationError(
                block_errors={
                    "choices": ValidationError(_("A true/false question has exactly two answers."))
                }
            )
        return value


# --- Is every question answered by its lesson? -------------------------------------------------
# A question may carry `answer_in_lesson`: a passage copied from the lesson body that gives its
# correct answer. Looking it up word for word (ignoring case, spacing and the kind of apostrophe)
# keeps a quiz honest when the lesson is edited: remove the passage and the page no longer saves.

# Block tags separate words; inline tags (<b>, <a>...) may sit inside a word or next to an apostrophe.
_BLOCK_TAG = re.compile(r"<(?:br|/?(?:p|li|ul|ol|h[1-6]|div|blockquote|table|tr|td|th))\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})


def text_normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", html.unescape(text)).translate(_APOSTROPHES)
    return " ".join(text.split()).casefold()


def _texts(value) -> Iterator[str]:
    """Every piece of text a block value holds (rich text without its tags), in reading order."""
    if isinstance(value, RichText):
        yield _tags_strip(value.source)
    elif isinstance(value, str):
        yield _tags_strip(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple) or type(value).__name__ == "ListValue":
        for item in value:
            yield from _texts(item)


def _tags_strip(html_text: str) -> str:
    return _TAG.sub("", _BLOCK_TAG.sub(" ", html_text))


def lesson_text(body) -> str:
    """The text of a lesson body (headings, paragraphs, key points, glossary...), normalised."""
    return text_normalise(" ".join(text for child in body for text in _texts(child.value)))


def quiz_unsupported_passages(*, quiz, body) -> list[tuple[int, str]]:
    """(question number, passage) for each passage given that the lesson body does not contain."""
    text = lesson_text(body)
    missing = []
    for number, question in enumerate(quiz, start=1):
        passage = (question.value.get("answer_in_lesson") or "").strip()
        if passage and text_normalise(passage) not in text:
            missing.append((number, passage))
    return missing
