"""The shared page base and StreamField blocks: one definition and one template each."""

import re

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import get_page_models

from core.blocks import FigureBlock, HeadingBlock, LevelHeadingBlock
from core.models import BasePage

OUR_APPS = {"portal", "observatory", "training"}


@pytest.fixture
def image(db):
    return Image.objects.create(title="Plan", file=get_test_image_file(size=(1600, 1200)))


def figure(image, **values):
    block = FigureBlock()
    return block.render(block.to_python({"image": image.pk, "alt_text": "Un plan", **values}))


def test_figure_has_alt_text_caption_and_credit_in_figure_and_figcaption(image):
    html = figure(image, caption="Le plan <b>2026</b>", credit="Ville")
    assert html.strip().startswith('<figure class="figure">')
    assert re.search(r'<img [^>]*alt="Un plan"', html)
    assert 'loading="lazy"' in html
    caption = re.search(r"<figcaption>(.*)</figcaption>", html, re.S).group(1)
    assert "Le plan &lt;b&gt;2026&lt;/b&gt;" in caption and "© Ville" in caption


def test_one_rendition_for_every_figure_at_most_1200_wide(image):
    html = figure(image)
    width = int(re.search(r'<img [^>]*width="(\d+)"', html).group(1))
    assert width == 1200
    assert ".webp" in html


def test_figure_without_caption_or_credit_has_no_empty_figcaption(image):
    assert "figcaption" not in figure(image)


def test_stored_figures_from_before_the_credit_field_still_render(image):
    """Portal and training figures were saved without `credit`."""
    block = FigureBlock()
    value = block.to_python({"image": image.pk, "alt_text": "Un plan", "caption": "Légende"})
    assert "<figcaption>Légende</figcaption>" in block.render(value)


def test_heading_is_a_section_title():
    assert HeadingBlock().render("Pourquoi <ce> projet").strip() == (
        "<h2>Pourquoi &lt;ce&gt; projet</h2>"
    )


@pytest.mark.parametrize(("level", "tag"), [("h2", "h2"), ("h3", "h3"), ("h6", "h2")])
def test_level_heading_renders_the_chosen_level_and_nothing_else(level, tag):
    block = LevelHeadingBlock()
    html = block.render(block.to_python({"text": "Méthode", "level": level})).strip()
    assert html == f"<{tag}>Méthode</{tag}>"


def test_every_app_body_uses_the_shared_figure_and_heading():
    from observatory.blocks import AnalysisBodyBlock
    from portal.blocks import BodyBlock
    from training.blocks import LessonBodyBlock

    for body in (BodyBlock(), LessonBodyBlock()):
        assert type(body.child_blocks["figure"]) is FigureBlock
        assert type(body.child_blocks["heading"]) is HeadingBlock
    analysis = AnalysisBodyBlock()
    assert type(analysis.child_blocks["figure"]) is FigureBlock
    assert type(analysis.child_blocks["heading"]) is LevelHeadingBlock


def test_every_page_of_our_apps_extends_the_one_base_page():
    ours = [m for m in get_page_models() if m._meta.app_label in OUR_APPS]
    assert ours, "no page model found"
    assert [m.__name__ for m in ours if not issubclass(m, BasePage)] == []


def test_no_app_defines_its_own_base_page():
    for label in OUR_APPS:
        module = apps.get_app_config(label).models_module
        assert getattr(module, "BasePage", BasePage) is BasePage


@pytest.mark.django_db
def test_models_and_migrations_agree():
    """Moving blocks to core changed their dotted paths: the migrations must say so."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
