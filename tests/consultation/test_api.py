import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from consultation.models import Ballot
from tests.consultation.factories import UseCaseFactory, closed_consultation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def put(client, use_case, grade="good"):
    return client.put(f"/api/use-cases/{use_case.pk}/ballot/", {"grade": grade}, format="json")


def test_ballot_api_codes_are_readable():
    use_case = UseCaseFactory()
    client = APIClient()
    response = put(client, use_case)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    client.force_authenticate(UserFactory(verified=False))
    response = put(client, use_case)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "email_not_verified"
    client.force_authenticate(UserFactory())
    response = put(client, use_case, "great")
    assert response.status_code == 422
    assert "excellent" in response.json()["error"]["message"]
    assert put(client, use_case).status_code == 200
    assert put(client, use_case, "reject").json()["grade"] == "reject"
    closed = UseCaseFactory(consultation=closed_consultation())
    response = put(client, closed)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "voting_closed"
    assert (
        client.put("/api/use-cases/999999/ballot/", {"grade": "good"}, format="json").status_code
        == 404
    )


def test_results_api_shape():
    use_case = UseCaseFactory()
    for grade in ["good", "good", "reject"]:
        Ballot.objects.create(voter=UserFactory(), use_case=use_case, grade=grade)
    body = APIClient().get(f"/api/consultations/{use_case.consultation.slug}/results/").json()
    row = body["ranking"][0]
    assert set(row) == {"use_case", "rank", "median_grade", "grade_counts", "ballots"}
    assert (
        row["median_grade"] == "good" and row["ballots"] == 3 and row["grade_counts"]["reject"] == 1
    )
    assert APIClient().get("/api/consultations/").json()["count"] == 1
    detail = APIClient().get(f"/api/consultations/{use_case.consultation.slug}/").json()
    assert detail["phase"] == "voting" and len(detail["use_cases"]) == 1


def test_hidden_results_answer_409():
    use_case = UseCaseFactory(consultation__results_visibility="after_close")
    response = APIClient().get(f"/api/consultations/{use_case.consultation.slug}/results/")
    assert response.status_code == 409


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_ballots_of_one_person_leave_exactly_one(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    settings.CONSULTATION_RATE_BALLOTS = "1000/m"
    use_case = UseCaseFactory()
    voter = UserFactory()
    statuses = []
    barrier = threading.Barrier(50)

    def worker(i):
        from django.db import connections

        client = APIClient()
        client.force_authenticate(voter)
        barrier.wait()
        try:
            statuses.append(put(client, use_case, ["good", "reject"][i % 2]).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Ballot.objects.filter(voter=voter, use_case=use_case).count() == 1
    assert 500 not in statuses
    assert set(statuses) <= {200, 429}


def test_ballot_api_accepts_token_auth_and_429_when_flooding(settings):
    from rest_framework.authtoken.models import Token

    settings.CONSULTATION_RATE_BALLOTS = "1/h"
    voter = UserFactory()
    token = Token.objects.create(user=voter)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    use_case = UseCaseFactory()
    assert put(client, use_case).status_code == 200
    response = put(client, use_case, "reject")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert Ballot.objects.get(voter=voter).grade == "good"
