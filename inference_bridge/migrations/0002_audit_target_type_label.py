"""One spelling of record types in the audit trail: the model label "<app_label>.<model_name>"."""

from django.db import migrations

OLD, NEW = "inference_bridge.ApiToken", "inference_bridge.apitoken"


def forwards(apps, schema_editor):
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    AuditEntry.objects.filter(target_type=OLD).update(target_type=NEW)


def backwards(apps, schema_editor):
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    AuditEntry.objects.filter(target_type=NEW).update(target_type=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("inference_bridge", "0001_initial"),
        ("accounts", "0003_audit_target_type_label"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
