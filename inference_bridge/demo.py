"""Demo federation: the in-process node, and two example remote nodes (disabled): a partner
city's llama.cpp server and the State's Albert API (docs/workspace.md)."""

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
    albert_node_ensure()


def albert_node_ensure() -> InferenceNode:
    """The State's Albert API (DINUM) as an OpenAI-compatible node, seeded disabled: a city
    enables it in the admin once it has a key, and the sovereignty rule (zone FR; operators
    allowed) decides whether the router may use it."""
    state, _ = Collectivity.objects.get_or_create(slug="etat", defaults={"name": "État"})
    node, _ = InferenceNode.objects.get_or_create(
        name="Albert (État)",
        defaults={
            "operator": state,
            "engine": "openai",
            "base_url": "https://albert.api.etalab.gouv.fr",
            "model_alias": "albert-large",
            "upstream_model": "albert-large",
            "slots": 4,
            "hosting_zone": "FR",
            "hosting_description": "API Albert de la DINUM, hébergement de l'État en France",
            "power_w": 700.0,
            "pue": 1.4,
            "api_key_env": "ALBERT_API_KEY",
            "status": NodeStatus.DISABLED,
        },
    )
    return node
