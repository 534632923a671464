"""Collectivity now lives in accounts (same table): the foreign keys follow it in the model state,
and every existing API token is billed to its owner's collectivity (the city's own)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def tokens_follow_their_owner(apps, schema_editor):
    ApiToken = apps.get_model("inference_bridge", "ApiToken")
    User = apps.get_model("accounts", "User")
    owner_collectivity = User.objects.filter(pk=OuterRef("user_id")).values("collectivity_id")[:1]
    ApiToken.objects.update(collectivity_id=Subquery(owner_collectivity))


class Migration(migrations.Migration):
    dependencies = [
        ("inference_bridge", "0002_audit_target_type_label"),
        ("accounts", "0004_collectivity"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="apitoken",
                    name="collectivity",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tokens",
                        to="accounts.collectivity",
                        verbose_name="collectivity",
                    ),
                ),
                migrations.AlterField(
                    model_name="inferencenode",
                    name="operator",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="nodes",
                        to="accounts.collectivity",
                        verbose_name="operating collectivity",
                    ),
                ),
                migrations.AlterField(
                    model_name="usagerecord",
                    name="consumer",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="consumed",
                        to="accounts.collectivity",
                    ),
                ),
                migrations.AlterField(
                    model_name="usagerecord",
                    name="server",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="served",
                        to="accounts.collectivity",
                    ),
                ),
                migrations.DeleteModel(name="Collectivity"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(tokens_follow_their_owner, migrations.RunPython.noop),
    ]
