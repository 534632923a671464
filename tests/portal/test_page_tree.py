"""Where pages may be created: the parts' index pages go under the home page, named by portal."""

from wagtail.models import Page

from observatory.models import AnalysisPage, ObservatoryIndexPage
from portal.models import CharterPage, HomePage, StandardPage
from training.models import CoursePage, TrainingIndexPage


def test_home_page_takes_the_parts_index_pages_and_portal_pages_only():
    assert set(HomePage.allowed_subpage_models()) == {
        StandardPage,
        CharterPage,
        ObservatoryIndexPage,
        TrainingIndexPage,
    }


def test_index_pages_go_under_the_home_page_and_nowhere_inside_the_site():
    for index_model in (ObservatoryIndexPage, TrainingIndexPage):
        parents = set(index_model.allowed_parent_page_models())
        assert HomePage in parents
        assert parents.isdisjoint(
            {StandardPage, CharterPage, AnalysisPage, CoursePage, ObservatoryIndexPage}
        )
        assert parents <= {HomePage, Page}  # Page: the tree's root, superusers only


def test_the_parts_pages_do_not_name_the_portal():
    for model in (ObservatoryIndexPage, TrainingIndexPage):
        named = [str(t) for t in (getattr(model, "parent_page_types", None) or [])]
        assert [t for t in named if "portal" in t] == [], model
