"""The public catalogue: one page type that editors place in the tree; its sub-URLs serve the
service and provider details, the print view, the map and the GeoJSON behind the map."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from kp_catalogue.caching import cached_page_view
from kp_catalogue.models.hours import DAY_BY_KEY, WEEKDAY_NAMES
from kp_catalogue.models.providers import Provider
from kp_catalogue.models.taxonomies import (
    AccessibilityFeature,
    AgeGroup,
    Language,
    Municipality,
    ServiceCategory,
    ServiceForm,
    ServiceType,
    TargetGroup,
)
from kp_catalogue.public import stored_files
from kp_catalogue.public.brochure import BrochureBusy, stored_brochure
from kp_catalogue.public.filtering import ServiceFilter, public_services
from kp_catalogue.public.geo import services_geojson
from kp_catalogue.public.reports import report_view

PRINT_LIMIT = 1000


class CatalogueIndexPage(RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    per_page = models.PositiveSmallIntegerField(_("services per page"), default=20)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]
    subpage_types = []

    class Meta:
        verbose_name = _("catalogue of social services")
        verbose_name_plural = _("catalogues of social services")

    # -- helpers -----------------------------------------------------------------------------
    def filtered_services(self, request):
        service_filter = ServiceFilter.from_query_dict(request.GET)
        return service_filter, service_filter.apply(public_services())

    def filter_context(self, request, service_filter):
        return {
            "filter": service_filter,
            "querystring": urlencode(service_filter.querystring_items()),
            "categories": ServiceCategory.choices,
            "service_types": ServiceType.objects.all(),
            "target_groups": TargetGroup.objects.all(),
            "age_groups": AgeGroup.objects.all(),
            "forms": ServiceForm.objects.all(),
            "municipalities": Municipality.objects.all(),
            # structured data (includes/filters_structured.html)
            "weekdays": [(key, WEEKDAY_NAMES[day]) for key, day in DAY_BY_KEY.items()],
            "accessibility_features": AccessibilityFeature.objects.all(),
            "languages": Language.objects.all(),
        }

    @property
    def base_url(self):
        # Computed once per request-bound instance: listings build one link per service.
        if not hasattr(self, "_base_url"):
            self._base_url = self.url
        return self._base_url

    def service_url(self, service):
        return self.base_url + self.reverse_subpage("service", args=[service.pk, service.slug])

    def provider_url(self, provider):
        return self.base_url + self.reverse_subpage("provider", args=[provider.pk, provider.slug])

    # -- views -------------------------------------------------------------------------------
    @path("")
    @cached_page_view
    def index(self, request):
        service_filter, services = self.filtered_services(request)
        paginator = Paginator(services, self.per_page or 20)
        page_obj = paginator.get_page(request.GET.get("strana"))
        context = self.get_context(request)
        context.update(self.filter_context(request, service_filter))
        context.update({"services_page": page_obj, "services": page_obj.object_list})
        return TemplateResponse(request, "kp_catalogue/catalogue_index_page.html", context)

    @path("sluzba/<int:pk>-<slug:slug>/", name="service")
    @cached_page_view
    def service(self, request, pk, slug):
        service = public_services().filter(pk=pk).first()
        if service is None:
            raise Http404
        if slug != service.slug:
            return redirect(self.service_url(service), permanent=True)
        context = self.get_context(request)
        context.update({"service": service})
        return TemplateResponse(request, "kp_catalogue/service_detail.html", context)

    @path("poskytovatel/<int:pk>-<slug:slug>/", name="provider")
    @cached_page_view
    def provider(self, request, pk, slug):
        provider = Provider.objects.filter(pk=pk).first()
        if provider is None:
            raise Http404
        services = list(ServiceFilter(provider=provider.pk).apply(public_services()))
        if not services:
            # A provider whose every service is a draft is not public yet.
            raise Http404
        if slug != provider.slug:
            return redirect(self.provider_url(provider), permanent=True)
        context = self.get_context(request)
        context.update({"provider": provider, "services": services})
        return TemplateResponse(request, "kp_catalogue/provider_detail.html", context)

    @path("sluzba/<int:pk>-<slug:slug>/nahlasit/", name="report_service")
    def report_service(self, request, pk, slug):
        service = public_services().filter(pk=pk).first()
        if service is None:
            raise Http404
        recipients = [address for address in [service.provider.email or service.email] if address]
        return report_view(request, self, service.provider, service, self.service_url(service),
                           recipients)

    @path("poskytovatel/<int:pk>-<slug:slug>/nahlasit/", name="report_provider")
    def report_provider(self, request, pk, slug):
        provider = Provider.objects.filter(
            pk=pk, pk__in=public_services().values("provider_id")).first()
        if provider is None:
            raise Http404
        recipients = [provider.email] if provider.email else []
        return report_view(request, self, provider, None, self.provider_url(provider),
                           recipients)

    @path("tisk/", name="print")
    def print_view(self, request):
        service_filter, services = self.filtered_services(request)
        context = self.get_context(request)
        context.update(self.filter_context(request, service_filter))
        context.update({
            "services": services[:PRINT_LIMIT],
            "state_date": timezone.localdate(),
        })
        return TemplateResponse(request, "kp_catalogue/catalogue_print.html", context)

    @path("brozura/", name="brochure")
    def brochure(self, request):
        service_filter, services = self.filtered_services(request)
        try:
            path, digest = stored_brochure(
                services, lambda s: self.full_url + self.reverse_subpage(
                    "service", args=[s.pk, s.slug]), self.title, "", scope=f"page-{self.pk}",
                budget=service_filter.is_active())
        except stored_files.Busy as busy:
            return stored_files.busy_response(busy.retry_after)
        except BrochureBusy:
            context = self.get_context(request)
            response = TemplateResponse(request, "kp_catalogue/brochure_busy.html", context,
                                        status=429)
            response["Retry-After"] = "3600"
            return response
        response = stored_files.serve(request, path, "application/pdf",
                                      "katalog-socialnich-sluzeb.pdf", digest)
        # Opened in the browser's viewer, as before.
        response["Content-Disposition"] = 'inline; filename="katalog-socialnich-sluzeb.pdf"'
        return response

    @path("mapa/", name="map")
    def map_view(self, request):
        service_filter, services = self.filtered_services(request)
        context = self.get_context(request)
        context.update(self.filter_context(request, service_filter))
        places = []
        for service in services:
            for location in service.public_locations():
                places.append((service, location))
        geojson_url = self.url + self.reverse_subpage("geojson")
        if context["querystring"]:
            geojson_url += "?" + context["querystring"]
        context.update({
            "places": places,
            "geojson_url": geojson_url,
            "tile_url": getattr(settings, "KP_CATALOGUE_MAP_TILE_URL", ""),
            "tile_attribution": getattr(settings, "KP_CATALOGUE_MAP_ATTRIBUTION", ""),
            "outlines": getattr(settings, "KP_CATALOGUE_MAP_OUTLINES", ""),
        })
        return TemplateResponse(request, "kp_catalogue/catalogue_map.html", context)

    @path("mapa/geojson/", name="geojson")
    def geojson(self, request):
        _filter, services = self.filtered_services(request)
        data = services_geojson(services, self.service_url)
        response = JsonResponse(data, content_type="application/geo+json")
        response["Cache-Control"] = "public, max-age=300"
        return response

