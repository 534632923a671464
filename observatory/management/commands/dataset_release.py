"""Build and publish new releases of the research datasets (the weekly beat task does the same)."""

from django.core.management.base import BaseCommand, CommandError

from observatory.models import Dataset
from observatory.research_services import dataset_release_publish


class Command(BaseCommand):
    help = (
        "Publish a new release of the given datasets (all by default) when their content changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="dataset slugs (default: every dataset)")
        parser.add_argument("--force", action="store_true", help="release even if unchanged")
        parser.add_argument("--notes", default="", help="release notes")

    def handle(self, *args, slugs, force, notes, **options):
        datasets = Dataset.objects.order_by("slug")
        if slugs:
            datasets = datasets.filter(slug__in=slugs)
            missing = set(slugs) - set(datasets.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"Unknown dataset(s): {', '.join(sorted(missing))}")
        for dataset in datasets:
            release = dataset_release_publish(dataset=dataset, notes=notes, force=force)
            if release is None:
                self.stdout.write(f"{dataset.slug}: unchanged, no new release")
            else:
                files = ", ".join(f"{f.name} ({f.rows} rows)" for f in release.files.all())
                self.stdout.write(f"{dataset.slug}: version {release.version}: {files}")
