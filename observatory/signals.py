"""Page lifecycle hooks: bind the editorial workflow, freeze the report's indicators."""

from django.dispatch import receiver
from wagtail.signals import page_published

from observatory.models import AnnualReportPage, ObservatoryIndexPage


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    from observatory import services

    if isinstance(instance, ObservatoryIndexPage):
        services.observatory_index_bind(index=instance)
    elif isinstance(instance, AnnualReportPage):
        services.annual_report_freeze_snapshot(report=instance)
