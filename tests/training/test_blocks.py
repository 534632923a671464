"""Block validation: a video needs WebVTT captions; quiz questions need coherent answers."""

import pytest
from django.core.files.base import ContentFile
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.models import Document

from training.blocks import QuestionBlock, VideoBlock

pytestmark = pytest.mark.django_db


def document(name: str, content: bytes = b"x") -> Document:
    doc = Document(title=name)
    doc.file.save(name, ContentFile(content), save=True)
    return doc


def video_value(**overrides):
    block = VideoBlock()
    value = {
        "title": "Intro",
        "video": document("intro.mp4"),
        "captions": document("intro.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour"),
        "captions_language": "fr",
        "transcript": "<p>Bonjour</p>",
    }
    value.update(overrides)
    return block, block.to_python(
        {
            **{k: v for k, v in value.items() if k not in ("video", "captions", "transcript")},
            "video": value["video"].pk if value["video"] else None,
            "captions": value["captions"].pk if value["captions"] else None,
            "transcript": value["transcript"],
        }
    )


def test_video_with_webvtt_captions_is_accepted():
    block, value = video_value()
    block.clean(value)


def test_video_without_captions_is_refused():
    block, value = video_value(captions=None)
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "captions" in error.value.block_errors


def test_captions_must_be_a_vtt_file():
    block, value = video_value(captions=document("intro.txt"))
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "captions" in error.value.block_errors


def test_video_must_be_mp4_or_webm():
    block, value = video_value(video=document("intro.pdf"))
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "video" in error.value.block_errors


def question(kind, flags):
    block = QuestionBlock()
    return block, block.to_python(
        {
            "kind": kind,
            "prompt": "?",
            "choices": [
                {"text": str(i), "is_correct": f, "feedback": "f"} for i, f in enumerate(flags)
            ],
            "explanation": "e",
        }
    )


@pytest.mark.parametrize(
    ("kind", "flags"),
    [
        ("single", [False, False]),  # no correct answer
        ("single", [True, True]),  # two correct answers for a single choice
        ("true_false", [True, False, False]),  # three answers to true/false
        ("multiple", [False, False, False]),
    ],
)
def test_incoherent_questions_are_refused(kind, flags):
    block, value = question(kind, flags)
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_multiple_choice_may_have_several_correct_answers():
    block, value = question("multiple", [True, False, True])
    block.clean(value)
