from django.db import migrations

ROLES = ["ai_lead", "staff_representative", "counter_agent"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_collectivity")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
