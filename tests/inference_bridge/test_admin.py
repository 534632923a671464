import pytest

from inference_bridge.models import InferenceNode
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_lists_nodes_and_checks_their_health(admin_client, local_node):
    url = "/django-admin/inference_bridge/inferencenode/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"action": "check_health", "_selected_action": [local_node.pk]}, follow=True
    )
    assert response.status_code == 200
    local_node.refresh_from_db()
    assert local_node.last_ok_at is not None


def test_admin_form_stores_the_node_api_key_encrypted(admin_client, paris):
    response = admin_client.post(
        "/django-admin/inference_bridge/inferencenode/add/",
        {
            "name": "lyon",
            "operator": paris.pk,
            "engine": "vllm",
            "base_url": "http://10.0.0.5:8000",
            "model_alias": "m",
            "slots": 2,
            "hosting_zone": "FR",
            "power_w": 300,
            "pue": 1.4,
            "status": "active",
            "api_key": "k-123",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    node = InferenceNode.objects.get(name="lyon")
    assert node.api_key_encrypted and "k-123" not in node.api_key_encrypted
    assert node.get_api_key() == "k-123"
