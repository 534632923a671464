"""The permission matrix: every page of the pipeline × every role (anonymous, resident, agent,
an agent of the owning department, each reviewer role, the board)."""

import pytest

from accounts.roles import Role
from governance.models import Stage
from tests.factories import UserFactory
from tests.governance.factories import DEPARTMENT, at_stage

pytestmark = pytest.mark.django_db

ROLES = {
    "anonymous": None,
    "resident": ([Role.RESIDENT], ""),
    "agent": ([Role.AGENT], "Direction des finances"),
    "department_agent": ([Role.AGENT], DEPARTMENT),
    "it_reviewer": ([Role.IT_REVIEWER], ""),
    "dpo": ([Role.DPO], ""),
    "legal_reviewer": ([Role.LEGAL_REVIEWER], ""),
    "ai_lead": ([Role.AI_LEAD], ""),
    "board": ([Role.GOVERNANCE_BOARD], ""),
}
LOGIN = 302  # anonymous visitors of a staff page are sent to the login page

#        page:            index roadmap portfolio detail new  edit advance  it  dpo  legal dept
EXPECTED = {
    "anonymous":         (200, 200, LOGIN, 200, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "resident":          (200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403),
    "agent":             (200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403),
    "department_agent":  (200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 200),
    "it_reviewer":       (200, 200, 200, 200, 403, 403, 403, 200, 403, 403, 403),
    "dpo":               (200, 200, 200, 200, 403, 403, 403, 403, 200, 403, 403),
    "legal_reviewer":    (200, 200, 200, 200, 403, 403, 403, 403, 403, 200, 403),
    "ai_lead":           (200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403),
    "board":             (200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 403),
}  # fmt: skip


def _urls(slug):
    gate = f"/en/governance/projects/{slug}/gates/consultation"
    return [
        "/en/governance/",
        "/en/governance/roadmap/",
        "/en/governance/portfolio/",
        f"/en/governance/projects/{slug}/",
        "/en/governance/projects/new/",
        f"/en/governance/projects/{slug}/edit/",
        f"/en/governance/projects/{slug}/stage/",
        f"{gate}/it/",
        f"{gate}/dpo/",
        f"{gate}/legal/",
        f"{gate}/department/",
    ]


@pytest.mark.parametrize("who", list(EXPECTED))
def test_permission_matrix_of_every_page(client, who):
    project = at_stage(Stage.QUALIFICATION)
    if ROLES[who] is not None:
        roles, department = ROLES[who]
        client.force_login(UserFactory(roles=roles, department=department))
    got = tuple(client.get(url).status_code for url in _urls(project.slug))
    assert got == EXPECTED[who]


@pytest.mark.parametrize("who", ["resident", "agent", "it_reviewer", "dpo"])
def test_posting_as_someone_else_changes_nothing(client, who):
    project = at_stage(Stage.QUALIFICATION)
    roles, department = ROLES[who]
    client.force_login(UserFactory(roles=roles, department=department))
    response = client.post(
        f"/en/governance/projects/{project.slug}/stage/", {"to_stage": "retirement", "note": "x"}
    )
    assert response.status_code == 403
    response = client.post(
        f"/en/governance/projects/{project.slug}/gates/consultation/legal/",
        {"verdict": "favourable", "public_reasons": "x"},
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.stage == Stage.QUALIFICATION and not project.signatures.exists()


def test_no_page_of_a_gate_that_does_not_exist(client):
    project = at_stage(Stage.QUALIFICATION)
    client.force_login(UserFactory(roles=[Role.IT_REVIEWER]))
    base = f"/en/governance/projects/{project.slug}/gates"
    assert client.get(f"{base}/decision/it/").status_code == 404
    assert client.get(f"{base}/consultation/staff/").status_code == 404
    assert client.get(f"{base}/nowhere/it/").status_code == 404
