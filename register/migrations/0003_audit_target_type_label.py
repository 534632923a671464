"""One spelling of record types in the audit trail: the model label "<app_label>.<model_name>"."""

from django.db import migrations

RENAMED = {"register.recourse": "register.recourserequest", "register.remote": "register.remoteregister"}


def forwards(apps, schema_editor):
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    for old, new in RENAMED.items():
        AuditEntry.objects.filter(target_type=old).update(target_type=new)


def backwards(apps, schema_editor):
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    for old, new in RENAMED.items():
        AuditEntry.objects.filter(target_type=new).update(target_type=old)


class Migration(migrations.Migration):
    dependencies = [("register", "0002_editor_admin_access"), ("accounts", "0003_audit_target_type_label")]

    operations = [migrations.RunPython(forwards, backwards)]
