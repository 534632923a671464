"""One breadcrumb component for the whole site, fed by `{% breadcrumb %}` or a plain include."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.test import Client
from django.utils import translation

from tests.consultation.factories import UseCaseFactory

TAG = "{% load breadcrumbs %}{% breadcrumb "


def render(source: str, **context) -> str:
    with translation.override("en"):
        return engines["django"].from_string(source).render({"LANGUAGE_CODE": "en", **context})


def test_home_first_then_links_and_the_current_page_unlinked():
    html = render(TAG + '"Register" "/register/" "Score" "" %}')
    assert '<nav class="breadcrumb" aria-label="Breadcrumb">' in html
    assert html.index('<a href="/en/">Home</a>') < html.index('<a href="/register/">Register</a>')
    assert '<li aria-current="page">Score</li>' in html
    assert 'href=""' not in html


def test_levels_without_a_label_are_left_out():
    html = render(TAG + 'missing.title missing.url "Here" "" %}')
    assert html.count("<li") == 2  # Home and the current page


def test_labels_are_escaped():
    html = render(TAG + 'label "" %}', label="<script>x</script>")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_no_template_but_the_component_writes_a_breadcrumb():
    """The observatory include and consultation's partial were look-alike copies."""
    roots = [Path(settings.BASE_DIR)]
    offenders = [
        path
        for root in roots
        for path in root.glob("**/templates/**/*.html")
        if ".venv" not in path.parts
        and 'class="breadcrumb"' in path.read_text(encoding="utf-8")
        and path.as_posix().rsplit("templates/", 1)[1] != "components/breadcrumb.html"
    ]
    assert offenders == []


@pytest.mark.django_db
def test_consultation_pages_use_the_component_with_their_optional_levels():
    use_case = UseCaseFactory(title="Transcription")
    html = Client().get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    nav = html[
        html.index('<nav class="breadcrumb"') : html.index(
            "</nav>", html.index('<nav class="breadcrumb"')
        )
    ]
    assert f'<a href="{use_case.consultation.get_absolute_url()}">' in nav
    assert '<li aria-current="page">Transcription</li>' in nav
