"""The `training_manager` group: sees aggregated staff statistics, revokes certificates."""

from django.db import migrations

GROUP = "training_manager"
PERMISSIONS = {
    ("enrollment", "view_training_statistics"): "Can see aggregated training statistics",
    ("certificate", "view_certificate"): "Can view certificate",
    ("certificate", "change_certificate"): "Can change certificate",
}


def create_group(apps, schema_editor):
    # Permissions are normally created after migrate; create them now (same rows).
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for (model, codename), name in PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="training", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
