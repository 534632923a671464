from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inference_bridge", "0004_usage_tokens_estimated")]

    operations = [
        migrations.AlterField(
            model_name="usagerecord",
            name="channel",
            field=models.CharField(
                choices=[
                    ("sandbox", "Sandbox"),
                    ("api", "Agents' API"),
                    ("workspace", "Agents' workspace"),
                    ("consultation", "Consultation (synthesis, translation)"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="usagerecord",
            name="purpose",
            field=models.CharField(blank=True, db_index=True, max_length=80),
        ),
        migrations.AddField(
            model_name="usagerecord",
            name="department",
            field=models.CharField(blank=True, max_length=120),
        ),
    ]
