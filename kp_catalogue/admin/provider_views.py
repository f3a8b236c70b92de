"""Admin views of provider accounts: the one-click "data still correct" confirmation and the
tag autocomplete limited to tags a provider may know of."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from taggit.models import Tag
from wagtail.log_actions import log
from wagtail.permissions import policy_registry

from kp_catalogue.accounts.access import provider_ids_for
from kp_catalogue.caching import invalidate
from kp_catalogue.models import Service

CONFIRM_ACTION = "kp_catalogue.confirm_data"
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
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("wagtailadmin_home")
    return redirect(next_url)


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
