from django.db import migrations

ROLES = ["it_reviewer", "dpo", "legal_reviewer", "governance_board"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_territories_from_data")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
