"""The roles of the catalogue: the "Poskytovatelé" group with minimal rights, catalogue rights for
Wagtail's Editors, and the approval workflow for provider and service changes.

``ensure(apps)`` takes an app registry, so the data migration (historical models) and load_demo
(a flushed database has lost migration data) share it; it is safe to run again.
"""

from kp_catalogue.accounts.access import EDITORS_GROUP, PROVIDERS_GROUP, WORKFLOW_NAME

TASK_NAME = "Schválení redakcí"
PROVIDER_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("kp_catalogue", "service", "add_service"),
    ("kp_catalogue", "service", "change_service"),
    ("kp_catalogue", "provider", "change_provider"),
    # Self-service API tokens (Wagtail's own token views limit them to the user's tokens).
    ("wagtailcore", "apitoken", "add_apitoken"),
    ("wagtailcore", "apitoken", "change_apitoken"),
    ("wagtailcore", "apitoken", "delete_apitoken"),
    ("wagtailcore", "apitoken", "view_apitoken"),
]
EDITOR_ACTIONS = ["add", "change", "delete", "view", "publish", "lock", "unlock"]
EDITOR_MODELS = ["service", "provider"]
EDITOR_EXTRA = [("kp_catalogue", model, action)
                for model in ["providermembership", "providerinvitation"]
                for action in ["add", "change", "delete", "view"]]


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return Permission.objects.get_or_create(
        content_type=content_type, codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )[0]


def ensure(apps):
    Group = apps.get_model("auth", "Group")
    providers, _ = Group.objects.get_or_create(name=PROVIDERS_GROUP)
    providers.permissions.add(*[permission(apps, *spec) for spec in PROVIDER_PERMISSIONS])

    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    editors.permissions.add(
        *[permission(apps, "kp_catalogue", model, f"{action}_{model}")
          for model in EDITOR_MODELS for action in EDITOR_ACTIONS],
        *[permission(apps, app, model, f"{action}_{model}") for app, model, action in EDITOR_EXTRA],
    )

    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    task_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore",
                                                   model="groupapprovaltask")
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME, defaults={"content_type": task_ct, "active": True})
    task.groups.add(editors)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for model in EDITOR_MODELS:
        content_type, _ = ContentType.objects.get_or_create(app_label="kp_catalogue", model=model)
        WorkflowContentType.objects.update_or_create(content_type=content_type,
                                                     defaults={"workflow": workflow})


def remove(apps):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).delete()
    apps.get_model("auth", "Group").objects.filter(name=PROVIDERS_GROUP).delete()
