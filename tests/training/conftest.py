from importlib import import_module

import pytest
from django.conf import settings

from tests.factories import UserFactory
from tests.training.factories import make_course
from training.selectors import Learner


@pytest.fixture
def session():
    return import_module(settings.SESSION_ENGINE).SessionStore()


@pytest.fixture
def course_tree(db):
    course, modules, lessons = make_course()
    return course, modules, lessons


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def learner(user, session):
    return Learner(user=user, session=session)


@pytest.fixture
def anonymous(session):
    return Learner(user=None, session=session)
