"""Editorial groups and the moderation workflow: researcher → supervisor review → board.

Page permissions on the observatory subtree are given when its index page is published
(services.observatory_index_bind), because the page does not exist when migrations run.
"""

from django.db import migrations



def forwards(apps, schema_editor):
    from observatory.editorial import editorial_setup

    editorial_setup(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("observatory", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    run_before: list = []

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
