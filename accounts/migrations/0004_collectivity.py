"""Collectivity moves from inference_bridge to accounts (users belong to one), keeping its table
and rows; every existing user joins the city's own collectivity."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def users_join_the_city(apps, schema_editor):
    Collectivity = apps.get_model("accounts", "Collectivity")
    User = apps.get_model("accounts", "User")
    home, _created = Collectivity.objects.get_or_create(
        slug=settings.INFERENCE_HOME_COLLECTIVITY,
        defaults={"name": settings.INFERENCE_HOME_COLLECTIVITY_NAME},
    )
    User.objects.filter(collectivity__isnull=True).update(collectivity=home)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_audit_target_type_label"),
        # The table was created there: this migration only takes it over in the model state.
        ("inference_bridge", "0002_audit_target_type_label"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Collectivity",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("slug", models.SlugField(max_length=60, unique=True, verbose_name="code")),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "daily_token_quota",
                            models.PositiveIntegerField(
                                blank=True,
                                help_text="Tokens its agents may consume per day through the API; blank = unlimited.",
                                null=True,
                                verbose_name="daily token quota",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "verbose_name": "collectivity",
                        "verbose_name_plural": "collectivities",
                        "ordering": ["name"],
                        "db_table": "inference_bridge_collectivity",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="user",
            name="collectivity",
            field=models.ForeignKey(
                blank=True,
                help_text="The local government this person belongs to (the city by default).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="members",
                to="accounts.collectivity",
                verbose_name="collectivity",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="is_collectivity_admin",
            field=models.BooleanField(
                default=False,
                help_text="Manages the API tokens and quotas of their collectivity.",
                verbose_name="collectivity administrator",
            ),
        ),
        migrations.RunPython(users_join_the_city, migrations.RunPython.noop),
    ]
