"""Providers update their own services through the API with a Wagtail API token.

A change never publishes: it becomes a new revision submitted to the approval workflow, exactly
as a "Submit for approval" in the admin. Another organisation's service answers 404.

``provisions``, ``contacts`` and ``locations`` are lists that replace the service's whole list
(as the admin form does): an item with ``id`` changes that existing item, an item without one
is added, and an existing item left out is removed when the revision is approved. Code-list
values (form, unit, municipality) are given by their ``code``; so are the lists of codes
(a location's ``accessibility_features``, the service's ``spoken_languages``). Opening hours
travel in their text form ("Po–Pá 8:00–16:00", one exception a line), parsed as in the admin.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja import Status as Reply
from ninja.errors import HttpError
from pydantic import ConfigDict, Field
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import WorkflowState
from wagtail.permissions import policy_registry

from kp_catalogue.api.read import router
from kp_catalogue.models import (
    AccessibilityFeature,
    CapacityUnit,
    Contact,
    Language,
    Location,
    Municipality,
    Service,
    ServiceForm,
    ServiceProvision,
    ServiceStatus,
)
from kp_catalogue.models.hours import MAX_EXCEPTIONS_TEXT, MAX_TEXT, parse_exceptions, parse_weekly

EDITABLE_FIELDS = [
    "name", "status", "description", "eligibility_description", "is_free", "fees_description",
    "application_process", "languages", "schedule_description", "email", "phone", "url",
]


# PositiveIntegerField's range in every supported database.
MAX_COUNT = 2147483647


class ChildIn(Schema):
    model_config = ConfigDict(extra="forbid")

    id: int | None = Field(None, ge=1, le=MAX_COUNT, description="Existing item to change")


class ProvisionIn(ChildIn):
    form: str = Field(description="Form code: pob, amb, ter")
    non_stop: bool = False
    unit: str | None = Field(None, description="Capacity unit code")
    maximum: int | None = Field(None, ge=0, le=MAX_COUNT)
    available: int | None = Field(None, ge=0, le=MAX_COUNT, description="Free places")
    available_updated: dt.date | None = None


class ContactIn(ChildIn):
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""
    is_public: bool = True


class LocationIn(ChildIn):
    name: str = ""
    address_1: str = ""
    city: str = ""
    postal_code: str = ""
    municipality: str | None = Field(None, description="Municipality code")
    latitude: Decimal | None = Field(None, ge=-90, le=90)
    longitude: Decimal | None = Field(None, ge=-180, le=180)
    accessibility: str = ""
    secret_address: bool = False
    opening_hours: str = Field("", max_length=MAX_TEXT,
                               description="E.g. \"Po–Pá 8:00–12:00, 13:00–16:00; So 9:00–11:00\"")
    hours_exceptions: str = Field("", max_length=MAX_EXCEPTIONS_TEXT,
                                  description="One a line: \"24. 12. 2026 zavřeno – Štědrý den\"")
    accessibility_features: list[str] = Field([], max_length=30,
                                              description="Accessibility feature codes")


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
    provisions: list[ProvisionIn] | None = Field(None, max_length=50)
    contacts: list[ContactIn] | None = Field(None, max_length=50)
    locations: list[LocationIn] | None = Field(None, max_length=50)
    spoken_languages: list[str] | None = Field(None, max_length=30, description="Language codes")


# relation name -> (model, {field: code-list model})
CHILDREN = {
    "provisions": (ServiceProvision, {"form": ServiceForm, "unit": CapacityUnit}),
    "contacts": (Contact, {}),
    "locations": (Location, {"municipality": Municipality}),
}
# Lists of codes -> their code list; text forms -> their parser
CODE_LISTS = {"accessibility_features": AccessibilityFeature, "spoken_languages": Language}
TEXT_FORMS = {"opening_hours": parse_weekly, "hours_exceptions": parse_exceptions}


def terms(model, codes):
    """The code-list items for ``codes``; ValueError naming the first unknown one."""
    found = {item.code: item for item in model.objects.filter(code__in=codes)}
    for code in codes:
        if code not in found:
            raise ValueError(_("Unknown code: %(code)s") % {"code": code[:40]})
    return [found[code] for code in dict.fromkeys(codes)]


def child_error(relation, index, message):
    return HttpError(422, f"{relation}[{index}]: {message}")


def build_children(draft, relation, items):
    """The new list of ``relation`` on ``draft``, validated like the admin form would."""
    model, code_lists = CHILDREN[relation]
    existing = {child.pk: child for child in getattr(draft, relation).all() if child.pk}
    if relation == "provisions" and not items:
        raise HttpError(422, _("A service needs at least one form of provision."))
    children, seen = [], set()
    for index, item in enumerate(items):
        values = item.dict()
        pk = values.pop("id")
        if pk is not None:
            if pk not in existing or pk in seen:
                raise child_error(relation, index, _("Unknown id of an item of this service."))
            seen.add(pk)
            child = existing[pk]
        else:
            child = model()
        for field, value in values.items():
            try:
                if field in TEXT_FORMS:
                    value = TEXT_FORMS[field](value)
                elif field in CODE_LISTS:
                    value = terms(CODE_LISTS[field], value)
            except ValidationError as error:
                raise child_error(relation, index, f"{field}: {' '.join(error.messages)}") from error
            except ValueError as error:
                raise child_error(relation, index, f"{field}: {error}") from error
            if field in code_lists:
                if value in (None, ""):
                    value = None
                else:
                    value = code_lists[field].objects.filter(code=value).first()
                    if value is None:
                        raise child_error(relation, index, _("Unknown code: %(code)s")
                                          % {"code": values[field]})
            setattr(child, field, value)
        try:
            child.full_clean(exclude=["service", "sort_order"])
        except ValidationError as error:
            raise child_error(relation, index, "; ".join(
                f"{field}: {' '.join(messages)}"
                for field, messages in error.message_dict.items())) from error
        child.sort_order = index
        children.append(child)
    return children


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
    children = {relation: build_children(draft, relation, getattr(changes, relation))
                for relation in CHILDREN if relation in values}
    for field, value in values.items():
        if field in CODE_LISTS:
            try:
                value = terms(CODE_LISTS[field], value)
            except ValueError as error:
                raise HttpError(422, f"{field}: {error}") from error
        if field not in CHILDREN:
            setattr(draft, field, value)
    for relation, items in children.items():
        setattr(draft, relation, items)
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
