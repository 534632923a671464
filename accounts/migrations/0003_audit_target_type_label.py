"""One spelling of record types in the audit trail: "<app_label>.<model_name>" ("user" → "accounts.user")."""

from django.db import migrations


def forwards(apps, schema_editor):
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    AuditEntry.objects.filter(target_type="user").update(target_type="accounts.user")


def backwards(apps, schema_editor):
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    AuditEntry.objects.filter(target_type="accounts.user", action="account.deleted").update(
        target_type="user"
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
