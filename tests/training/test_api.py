import pytest

from tests.factories import UserFactory
from tests.training.test_services import finish_course
from training import services
from training.selectors import Learner

pytestmark = pytest.mark.django_db


def test_certificate_api_says_valid_then_revoked(client, course_tree):
    from tests.training.factories import training_manager

    course, _modules, lessons = course_tree
    learner = Learner(user=UserFactory(), session={})
    finish_course(learner, lessons)
    certificate = services.certificate_issue(user=learner.user, course=course, learner_name="A B")
    url = f"/api/training/certificates/{certificate.code.lower()}/"
    data = client.get(url).json()
    assert data["valid"] is True and data["learner_name"] == "A B"
    services.certificate_revoke(certificate=certificate, by=training_manager(), reason="Fraud")
    data = client.get(url).json()
    assert data["valid"] is False and data["revocation_reason"] == "Fraud"


def test_unknown_certificate_is_a_404_error_body(client, db):
    response = client.get("/api/training/certificates/NOPE/")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_indicators_api(client, db):
    assert client.get("/api/training/indicators/").json()["courses"] == 0


def test_schema_documents_the_training_endpoints(client, db):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/training/certificates/{code}/" in schema
