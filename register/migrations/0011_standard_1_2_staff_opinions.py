from django.db import migrations, models


class Migration(migrations.Migration):
    """Standard 1.2 adds `staff_opinions` to the exports (read from dialogue, nothing stored here)."""

    dependencies = [
        ('register', '0010_closed_loop_tool_and_review'),
    ]

    operations = [
        # A new default is Python-side only: no database change. On SQLite a real AlterField
        # would rebuild the versions table, which the search index's triggers (0006) refer to.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='aisystemversion',
                    name='standard_version',
                    field=models.CharField(default='ia-commune-register/1.2 (Eurocities 0.3.1, ATRS 3.0, Algoritmeregister 1.0)', max_length=120, verbose_name='standard version'),
                ),
            ],
            database_operations=[],
        ),
    ]
