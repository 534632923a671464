"""The city's AI tool a record describes (`tool_key`) and the last review reminder.

The columns are added with a plain ALTER TABLE … ADD COLUMN: on SQLite, Django would rebuild
`register_aisystem`, which the search triggers of 0006 refer to (the rebuild fails on them).
"""

from django.conf import settings
from django.db import migrations, models


def add_columns(apps, schema_editor):
    timestamp = "timestamp with time zone" if schema_editor.connection.vendor == "postgresql" else "datetime"
    schema_editor.execute(
        "ALTER TABLE register_aisystem ADD COLUMN tool_key varchar(60) NOT NULL DEFAULT ''"
    )
    schema_editor.execute(f"ALTER TABLE register_aisystem ADD COLUMN review_reminded_at {timestamp} NULL")


def drop_columns(apps, schema_editor):
    schema_editor.execute("ALTER TABLE register_aisystem DROP COLUMN review_reminded_at")
    schema_editor.execute("ALTER TABLE register_aisystem DROP COLUMN tool_key")


class Migration(migrations.Migration):

    dependencies = [
        ('register', '0009_remote_register_library_url'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
            state_operations=[
                migrations.AddField(
                    model_name='aisystem',
                    name='review_reminded_at',
                    field=models.DateTimeField(blank=True, null=True, verbose_name='review reminder sent'),
                ),
                migrations.AddField(
                    model_name='aisystem',
                    name='tool_key',
                    field=models.CharField(blank=True, max_length=60, verbose_name="the city's AI tool"),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name='aisystem',
            constraint=models.UniqueConstraint(condition=models.Q(('tool_key', ''), _negated=True), fields=('tool_key',), name='register_one_record_per_tool'),
        ),
    ]
