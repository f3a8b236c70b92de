"""Dashboard panels: a provider's own entries with their state, and editors' stale services."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from kp_catalogue.admin.guard import visible_queryset
from kp_catalogue.freshness import is_stale, stale_after_months, stale_services
from kp_catalogue.models import ProblemReport, Provider, Service
from kp_catalogue.public.reports import open_reports_exist

STALE_PANEL_LIMIT = 20
REPORTS_PANEL_LIMIT = 20


class EntryState:
    LIVE = _("published")
    DRAFT = _("draft, not submitted")
    IN_MODERATION = _("waiting for approval")
    REJECTED = _("returned with comments")
    NOT_PUBLISHED = _("not published")


def latest_workflow_states(objects):
    """The newest workflow state of each object, in one query per model."""
    latest = {}
    if not objects:
        return latest
    content_type = ContentType.objects.get_for_model(type(objects[0]))
    states = (
        WorkflowState.objects.filter(base_content_type=content_type,
                                     object_id__in=[str(obj.pk) for obj in objects])
        .order_by("created_at", "pk")
        .select_related("current_task_state")
    )
    for state in states:
        latest[state.object_id] = state
    return latest


def entry_state(obj, workflow_state):
    if workflow_state is not None:
        if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
            return EntryState.IN_MODERATION
        if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return EntryState.REJECTED
    if obj.has_unpublished_changes:
        return EntryState.DRAFT
    return EntryState.LIVE if obj.live else EntryState.NOT_PUBLISHED


def rows(objects):
    states = latest_workflow_states(objects)
    result = []
    for obj in objects:
        state = states.get(str(obj.pk))
        comment = ""
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            comment = (state.current_task_state.comment if state.current_task_state else "")
        result.append({"object": obj, "state": entry_state(obj, state), "comment": comment})
    return result


class ProviderEntriesPanel(Component):
    name = "kp_provider_entries"
    template_name = "kp_catalogue/admin/provider_entries_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        providers = list(visible_queryset(Provider, request.user).order_by("name"))
        services = list(visible_queryset(Service, request.user)
                        .annotate(has_open_reports=open_reports_exist())
                        .select_related("provider")
                        .prefetch_related("provisions__form", "provisions__unit")
                        .order_by("provider__name", "name"))
        service_rows = rows(services)
        for row in service_rows:
            row["stale"] = is_stale(row["object"])
        return {"request": request, "csrf_token": parent_context.get("csrf_token"),
                "provider_rows": rows(providers), "service_rows": service_rows,
                "next": request.get_full_path()}


class StaleServicesPanel(Component):
    name = "kp_stale_services"
    template_name = "kp_catalogue/admin/stale_services_panel.html"
    order = 250

    def get_context_data(self, parent_context):
        services = stale_services().order_by("assured_date", "name")
        return {"services": list(services[:STALE_PANEL_LIMIT]), "count": services.count(),
                "months": stale_after_months()}


class ProblemReportsPanel(Component):
    """Open problem reports from the public: a provider's own organisations' (the guard's
    queryset), or all for editors; each resolved with one button."""

    name = "kp_problem_reports"
    template_name = "kp_catalogue/admin/problem_reports_panel.html"
    order = 40

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        reports = (ProblemReport.objects.filter(
            resolved_at__isnull=True,
            provider__in=visible_queryset(Provider, request.user))
            .select_related("provider", "service"))
        return {"request": request, "csrf_token": parent_context.get("csrf_token"),
                "reports": list(reports[:REPORTS_PANEL_LIMIT]), "count": reports.count(),
                "next": request.get_full_path()}
