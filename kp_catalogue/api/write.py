"""Providers update their own services through the API with a Wagtail API token.

A change never publishes: it becomes a new revision submitted to the approval workflow, exactly
as a "Submit for approval" in the admin. Another organisation's service answers 404.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja import Status as Reply
from ninja.errors import HttpError
from pydantic import ConfigDict
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import WorkflowState
from wagtail.permissions import policy_registry

from kp_catalogue.api.read import router
from kp_catalogue.models import Service, ServiceStatus

EDITABLE_FIELDS = [
    "name", "status", "description", "eligibility_description", "is_free", "fees_description",
    "application_process", "languages", "schedule_description", "email", "phone", "url",
]


class ServicePatchIn(Schema):
    # Unknown fields are refused rather than ignored, so a typo is not a silent no-op.
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    status: str | None = None
    description: str | None = None
    eligibility_description: str | None = None
    is_free: bool | None = None
    fees_description: str | None = None
    application_process: str | None = None
    languages: str | None = None
    schedule_description: str | None = None
    email: str | None = None
    phone: str | None = None
    url: str | None = None


class SubmissionOut(Schema):
    id: int
    revision_id: int
    state: str


def own_service(user, service_id):
    service = Service.objects.filter(pk=service_id).first()
    policy = policy_registry.get_by_type(Service)
    if service is None or not policy.user_has_permission_for_instance(user, "change", service):
        raise Http404
    return service


def submit_for_approval(obj, user):
    """What the admin's "Submit for approval" does: resume a returned workflow, else restart."""
    workflow = obj.get_workflow()
    if workflow is None:
        return
    state = obj.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return
    if state is not None:
        state.cancel(user=user)
    workflow.start(obj, user)


# On the public router (one path, two methods), with its own authentication.
@router.patch("/services/{service_id}/", response={202: SubmissionOut}, auth=BearerTokenAuth(),
              summary="Submit a change of your own service for approval")
def patch_service(request, service_id: int, changes: ServicePatchIn):
    service = own_service(request.user, service_id)
    values = changes.dict(exclude_unset=True)
    if not values:
        raise HttpError(422, _("Send at least one field to change."))
    if "status" in values and values["status"] not in ServiceStatus.values:
        raise HttpError(422, _("Unknown status."))
    # Build on the newest draft, so an earlier pending change is not thrown away.
    draft = service.get_latest_revision_as_object()
    for field, value in values.items():
        setattr(draft, field, value)
    try:
        draft.full_clean(exclude=[f.name for f in Service._meta.fields
                                  if f.name not in EDITABLE_FIELDS])
    except ValidationError as error:
        raise HttpError(422, "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )) from error
    with transaction.atomic():
        revision = draft.save_revision(user=request.user, log_action=True)
        submit_for_approval(draft, request.user)
    return Reply(202, {"id": service.pk, "revision_id": revision.pk, "state": "in_moderation"})
