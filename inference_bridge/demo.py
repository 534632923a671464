"""Demo federation: the in-process node, and one example remote node (disabled)."""

from .models import Collectivity, InferenceNode, NodeStatus
from .services import collectivity_home, node_in_process_ensure


def seed(*, stdout) -> None:
    collectivity_home()
    node_in_process_ensure()
    partner, _ = Collectivity.objects.get_or_create(
        slug="lyon", defaults={"name": "Métropole de Lyon", "daily_token_quota": 200_000}
    )
    _, created = InferenceNode.objects.get_or_create(
        name="Lyon — serveur d'inférence mutualisé (exemple)",
        defaults={
            "operator": partner,
            "engine": "llama_server",
            "base_url": "http://10.20.0.15:8080",
            "model_alias": "smollm2-135m-instruct",
            "slots": 4,
            "hosting_zone": "FR",
            "hosting_description": "Centre de données métropolitain, Vénissieux",
            "power_w": 350.0,
            "pue": 1.3,
            "api_key_env": "LYON_INFERENCE_API_KEY",
            "status": NodeStatus.DISABLED,
        },
    )
    if created:
        stdout.write("inference_bridge: in-process node and an example remote node (disabled).")
