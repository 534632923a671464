"""Editorial groups and the moderation workflow: researcher → supervisor review → board.

Page permissions on the observatory subtree are given when its index page is published
(services.observatory_index_bind), because the page does not exist when migrations run.
"""

WORKFLOW_NAME = "Observatory editorial workflow"
GROUPS = {
    "researcher": ["view_researcher", "view_topic", "view_testimony"],
    "observatory_reviewers": ["view_researcher", "view_topic", "view_testimony"],
    "observatory_board": [
        "add_researcher", "change_researcher", "view_researcher",
        "add_topic", "change_topic", "view_topic", "view_testimony",
        "add_cifreproject", "change_cifreproject", "view_cifreproject",
        "add_dataset", "change_dataset", "view_dataset",
    ],
}  # fmt: skip
COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "choose_image"],
    "wagtaildocs": ["add_document", "choose_document"],
}


def editorial_setup(apps) -> None:
    """Create the groups, their permissions and the workflow (idempotent). `apps` is a
    migration state or the global registry (tests that flushed the database call it again)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("observatory", "NoSelfApprovalTask")

    # Permissions are created after migrations by a post_migrate signal; make sure they exist.
    wanted = {codename for codenames in GROUPS.values() for codename in codenames}
    present = Permission.objects.filter(
        content_type__app_label="observatory", codename__in=wanted
    ).count()
    if present < len(wanted):
        from django.contrib.auth.management import create_permissions

        for app_config in apps.get_app_configs():
            previous = getattr(app_config, "models_module", None)
            app_config.models_module = previous or True
            create_permissions(app_config, verbosity=0, apps=apps)
            app_config.models_module = previous

    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_ct,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    root_collection = Collection.objects.filter(depth=1).first()
    groups = {}
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(access_admin)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="observatory", codename__in=codenames
            )
        )
        if root_collection is not None:
            for app_label, perms in COLLECTION_PERMISSIONS.items():
                for permission in Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=perms
                ):
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )

    task_ct, _ = ContentType.objects.get_or_create(
        app_label="observatory", model="noselfapprovaltask"
    )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    steps = [
        ("Supervisor review (observatory)", "observatory_reviewers"),
        ("Editorial board (observatory)", "observatory_board"),
    ]
    for order, (task_name, group_name) in enumerate(steps):
        task = Task.objects.filter(name=task_name).first()
        if task is None:
            task = Task.objects.create(name=task_name, active=True, content_type=task_ct)
        task.groups.add(groups[group_name])
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
