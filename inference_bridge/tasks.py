from celery import shared_task

from . import services


@shared_task(name="inference_bridge.tasks.nodes_health_check", ignore_result=True)
def nodes_health_check() -> dict:
    """Probe every active node; repeated failures put a node in cooldown, success restores it."""
    return services.nodes_health_check_all()


@shared_task(name="inference_bridge.tasks.shared_conversations_purge", ignore_result=True)
def shared_conversations_purge() -> int:
    return services.shared_conversations_purge()
