"""Admin views of provider accounts: the one-click "data still correct" confirmation, free
places updated from the dashboard, the dashboard's search box and the tag autocomplete limited
to tags a provider may know of."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from taggit.models import Tag
from wagtail.log_actions import log
from wagtail.permissions import policy_registry

from kp_catalogue.accounts.access import provider_ids_for
from kp_catalogue.admin.guard import visible_queryset
from kp_catalogue.caching import invalidate
from kp_catalogue.models import ProblemReport, Provider, Service, ServiceProvision

CONFIRM_ACTION = "kp_catalogue.confirm_data"
FREE_PLACES_ACTION = "kp_catalogue.free_places"
RESOLVE_REPORT_ACTION = "kp_catalogue.resolve_report"
TAG_AUTOCOMPLETE_LIMIT = 10


@require_POST
def confirm_service_data(request, pk):
    """Sets "data verified on" to today on the live row only: a pending draft stays pending
    and nothing else of the published service changes."""
    service = Service.objects.filter(pk=pk).first()
    policy = policy_registry.get_by_type(Service)
    if service is None or not policy.user_has_permission_for_instance(
            request.user, "change", service):
        raise Http404
    today = timezone.localdate()
    with transaction.atomic():
        # updated_at too: the open-data bundle and the brochure are versioned by it.
        Service.objects.filter(pk=service.pk).update(assured_date=today,
                                                     updated_at=timezone.now())
        # update() sends no signal: drop the cached public pages that show the date.
        invalidate()
        service.assured_date = today
        log(instance=service, action=CONFIRM_ACTION, user=request.user)
    messages.success(request, _("The data of '%(name)s' are confirmed as correct.")
                     % {"name": service.name})
    return redirect(safe_next(request))


def safe_next(request):
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("wagtailadmin_home")
    return next_url


def refuse(request, message):
    return render(request, "kp_catalogue/admin/message.html",
                  {"message": message, "back": safe_next(request)}, status=400)


@require_POST
def update_free_places(request, pk):
    """Free places of one form of provision, published at once on the live row.

    The number changes weekly and is what social workers ask about most, so waiting for an
    editor would make it stale; it is bounded by the registered capacity, which itself goes
    through approval. A pending draft keeps the new number when it is published later
    (``Service.with_content_json``)."""
    service = Service.objects.filter(pk=pk).first()
    policy = policy_registry.get_by_type(Service)
    if service is None or not policy.user_has_permission_for_instance(
            request.user, "change", service):
        raise Http404
    raw_id = request.POST.get("provision", "").strip()
    provision = (ServiceProvision.objects.filter(pk=int(raw_id), service=service).first()
                 if raw_id.isdigit() and len(raw_id) < 10 else None)
    if provision is None:
        return refuse(request, _("This form of provision does not belong to the service."))
    raw = request.POST.get("available", "").strip()
    if not raw.isdigit() or len(raw) > 6:
        return refuse(request, _("Give the number of free places as a whole number, 0 or "
                                 "more."))
    available = int(raw)
    if provision.maximum is not None and available > provision.maximum:
        return refuse(request, _("Free places cannot exceed the registered capacity "
                                 "(%(maximum)s).") % {"maximum": provision.maximum})
    if provision.unit_id is None:
        return refuse(request, _("The capacity unit is missing; fill it in the service's "
                                 "form first."))
    today = timezone.localdate()
    with transaction.atomic():
        ServiceProvision.objects.filter(pk=provision.pk).update(available=available,
                                                                available_updated=today)
        Service.objects.filter(pk=service.pk).update(updated_at=timezone.now())
        invalidate()
        log(instance=service, action=FREE_PLACES_ACTION, user=request.user,
            data={"provision": provision.pk, "available": available})
    messages.success(request, _("Free places of '%(name)s' updated: %(count)s.")
                     % {"name": service.name, "count": available})
    return redirect(safe_next(request))


def search_own_services(request, **_kwargs):
    """The dashboard's search box searches the page tree, which provider accounts may not
    see; for them it searches their own services. The page explorer itself stays closed."""
    if "q" not in request.GET:
        return HttpResponseForbidden(render_to_string(
            "kp_catalogue/admin/forbidden.html", {"home": reverse("wagtailadmin_home")}, request))
    query = request.GET["q"].strip()
    target = reverse("wagtailsnippets_kp_catalogue_service:list")
    return redirect(f"{target}?{urlencode({'q': query})}" if query else target)


def scoped_tag_autocomplete(request, **_kwargs):
    """Wagtail's tag autocomplete, narrowed to tags of published services and of the user's
    own organisations' services: a tag that exists only on another organisation's unpublished
    service is that organisation's business."""
    term = request.GET.get("term", "").strip()
    if not term:
        return JsonResponse([], safe=False)
    ids = provider_ids_for(request.user)
    used = Q(kp_catalogue_servicetag_items__content_object__live=True)
    if ids is None:
        used = Q()
    elif ids:
        used |= Q(kp_catalogue_servicetag_items__content_object__provider_id__in=ids)
    names = (Tag.objects.filter(used, name__istartswith=term).order_by("name")
             .values_list("name", flat=True).distinct()[:TAG_AUTOCOMPLETE_LIMIT])
    return JsonResponse(list(names), safe=False)


@require_POST
def resolve_report(request, pk):
    """Marks one open problem report of the organisation ``pk`` as resolved: one action. A
    report of another organisation is not found, whatever id is posted."""
    provider = visible_queryset(Provider, request.user).filter(pk=pk).first()
    if provider is None:
        raise Http404
    raw_id = request.POST.get("report", "").strip()
    report = (ProblemReport.objects.filter(pk=int(raw_id), provider=provider,
                                           resolved_at__isnull=True).first()
              if raw_id.isdigit() and len(raw_id) < 10 else None)
    if report is None:
        return refuse(request, _("This report does not exist or is already resolved."))
    with transaction.atomic():
        ProblemReport.objects.filter(pk=report.pk).update(resolved_at=timezone.now(),
                                                          resolved_by=request.user)
        invalidate()  # the public stale flag counts open reports
        log(instance=report.service or provider, action=RESOLVE_REPORT_ACTION,
            user=request.user)
    messages.success(request, _("The report is marked as resolved."))
    return redirect(safe_next(request))
