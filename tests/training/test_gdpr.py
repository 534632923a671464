"""GDPR export and erasure of a learner's training data."""

import json

import pytest

from tests.factories import UserFactory
from tests.training.test_services import finish_course
from training import gdpr, services
from training.models import Certificate, Enrollment, LessonCompletion, QuizAttempt
from training.selectors import Learner, training_indicators

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduate(course_tree):
    course, _modules, lessons = course_tree
    learner = Learner(user=UserFactory(), session={})
    finish_course(learner, lessons)
    certificate = services.certificate_issue(
        user=learner.user, course=course, learner_name="Camille Martin"
    )
    return learner.user, certificate


def test_export_contains_enrolments_completions_attempts_and_certificates(graduate):
    user, certificate = graduate
    data = gdpr.export_user_data(user=user)
    json.dumps(data)  # serialisable
    assert len(data["enrolments"]) == 1
    assert len(data["lesson_completions"]) == 3
    assert len(data["quiz_attempts"]) == 2
    assert data["certificates"][0]["code"] == certificate.code
    assert data["certificates"][0]["learner_name"] == "Camille Martin"


def test_erasure_detaches_rows_keeps_totals_and_removes_the_name(graduate, client):
    user, certificate = graduate
    before = training_indicators()
    gdpr.erase_user_data(user=user)
    assert not Enrollment.objects.filter(user=user).exists()
    assert not LessonCompletion.objects.filter(user=user).exists()
    assert not QuizAttempt.objects.filter(user=user).exists()
    certificate.refresh_from_db()
    assert certificate.user is None and certificate.learner_name == "" and certificate.name_erased
    assert certificate.is_valid  # the holder keeps a valid proof
    assert training_indicators() == before  # anonymous aggregates unchanged
    assert gdpr.export_user_data(user=user)["certificates"] == []
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "Camille" not in page


def test_accounts_export_includes_the_training_section(graduate):
    from accounts.services import user_data_export

    user, _certificate = graduate
    assert "training" in user_data_export(user=user)
    assert Certificate.objects.filter(user=user).exists()


def test_account_deletion_runs_the_training_eraser(graduate):
    from accounts.services import user_delete

    user, certificate = graduate
    user_delete(user=user)
    certificate.refresh_from_db()
    assert certificate.name_erased and certificate.learner_name == "" and certificate.is_valid
    assert not Enrollment.objects.filter(user=user).exists()
