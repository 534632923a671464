"""Versions saved through a browser form kept its "\\r\\n" line endings and trailing spaces, so
the public diff showed changes nobody made. Normalise the text of every stored version (and of
the charter justifications) the way `core.text.text_normalise` now does on every save."""

from django.db import migrations

from core.text import text_field_names, text_normalise


def forwards(apps, schema_editor):
    for model_name in ("AISystemVersion", "CharterAssessment"):
        model = apps.get_model("register", model_name)
        names = text_field_names(model)
        for row in model.objects.only("pk", *names).iterator(chunk_size=500):
            changed = [n for n in names if text_normalise(getattr(row, n)) != getattr(row, n)]
            if changed:
                for name in changed:
                    setattr(row, name, text_normalise(getattr(row, name)))
                row.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("register", "0003_audit_target_type_label")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
