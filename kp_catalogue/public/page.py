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
from kp_catalogue.models.services import Service
from kp_catalogue.models.taxonomies import (
    ServiceCategory,
)
from kp_catalogue.public import finder, shortlist, stored_files
from kp_catalogue.public.brochure import BrochureBusy, stored_brochure
from kp_catalogue.public.cards import attach_cards
from kp_catalogue.public.counting import CountingPaginator
from kp_catalogue.public.details import detail_body
from kp_catalogue.public.distance import InvalidOrigin, order_by_distance, origin_from_query
from kp_catalogue.public.filtering import (
    ServiceFilter,
    card_services,
    public_service_rows,
    public_services,
)
from kp_catalogue.public.geo import services_geojson
from kp_catalogue.public.reports import report_view
from kp_catalogue.public.terms import form_terms

PRINT_LIMIT = 1000


def short_rows(services):
    """``services`` read as a page shows them around their kept parts (cards, detail body):
    the name (the link) and the stamps of the parts' keys (public/stamps.py). A service's
    dozen long texts and its relations are read only to render a part that is not kept."""
    return services.select_related("provider").only("name", "updated_at", "provider__updated_at")


def page_services(pks):
    # IDs of the filtered, public list (attach_cards loads the cards not kept).
    return short_rows(Service.objects.filter(pk__in=pks))


def card_relations(pks):
    return card_services().filter(pk__in=pks)


class CatalogueIndexPage(RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    per_page = models.PositiveSmallIntegerField(_("services per page"), default=20)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]
    subpage_types = []

    class Meta:
        verbose_name = _("catalogue of social services")
        verbose_name_plural = _("catalogues of social services")

    # -- helpers -----------------------------------------------------------------------------
    def filtered_services(self, request, queryset=None):
        service_filter = ServiceFilter.from_query_dict(request.GET)
        return service_filter, service_filter.apply(
            public_services() if queryset is None else queryset)

    def filter_context(self, request, service_filter):
        lists = form_terms()
        return {
            "filter": service_filter,
            "terms": lists,
            "querystring": urlencode(service_filter.querystring_items()),
            "near_municipalities": lists.near_municipalities,
            "categories": ServiceCategory.choices,
            "service_types": lists.service_types,
            "target_groups": lists.target_groups,
            "age_groups": lists.age_groups,
            "forms": lists.forms,
            "municipalities": lists.municipalities,
            # structured data (includes/filters_structured.html)
            "weekdays": [(key, WEEKDAY_NAMES[day]) for key, day in DAY_BY_KEY.items()],
            "accessibility_features": lists.accessibility_features,
            "languages": lists.languages,
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

    def state_context(self, request, service_filter):
        """What the visitor carries from page to page in the URL: the filters, the origin of
        "near me" and the shortlist. InvalidOrigin or ShortlistTooLong for a bad query."""
        origin = origin_from_query(request.GET)
        ids = shortlist.parse(request.GET)
        state_items = service_filter.querystring_items()
        if origin is not None:
            state_items += origin.querystring_items()
        return {
            "origin": origin,
            "state_items": state_items,
            "shortlist": ids,
            "querystring": urlencode(state_items + shortlist.items(ids)),
            "catalogue_url": self.base_url,
            "shortlist_url": self.base_url + self.reverse_subpage("shortlist"),
        }

    def bad_request(self, request, message):
        context = self.get_context(request)
        context["message"] = message
        return TemplateResponse(request, "kp_catalogue/bad_request.html", context, status=400)

    # -- views -------------------------------------------------------------------------------
    @path("")
    @cached_page_view
    def index(self, request):
        service_filter, services = self.filtered_services(request, card_services())
        context = self.get_context(request)
        context.update(self.filter_context(request, service_filter))
        try:
            context.update(self.state_context(request, service_filter))
        except InvalidOrigin as error:
            return self.bad_request(request, error.args[0])
        except shortlist.ShortlistTooLong as error:
            return self.bad_request(request, error.message)
        load = None
        if context["origin"] is not None:
            # Sorted in Python: the whole filtered list in the same fixed number of queries.
            paginator = Paginator(order_by_distance(services, context["origin"]),
                                  self.per_page or 20)
        else:
            # The page's IDs come with the count (public/counting.py), its cards from the cache
            # (public/cards.py); only those missing there are loaded with their relations.
            paginator = CountingPaginator(services.prefetch_related(None), self.per_page or 20,
                                          load=page_services)
            load = card_relations
        page_obj = paginator.get_page(request.GET.get("strana"))
        page_obj.object_list = attach_cards(page_obj.object_list, load)
        context.update({"services_page": page_obj, "services": page_obj.object_list})
        return TemplateResponse(request, "kp_catalogue/catalogue_index_page.html", context)

    @path("sluzba/<int:pk>-<slug:slug>/", name="service")
    @cached_page_view
    def service(self, request, pk, slug):
        # Around its body, which is kept rendered (public/details.py).
        service = next(iter(short_rows(public_service_rows()).filter(pk=pk)), None)
        if service is None:
            raise Http404
        if slug != service.slug:
            return redirect(self.service_url(service), permanent=True)
        context = self.get_context(request)
        try:
            # The filters ride along, so "back to the catalogue" returns to the same list.
            context.update(self.state_context(request, ServiceFilter.from_query_dict(
                request.GET)))
        except InvalidOrigin as error:
            return self.bad_request(request, error.args[0])
        except shortlist.ShortlistTooLong as error:
            return self.bad_request(request, error.message)
        context.update({
            "service": service, "detail_url": self.service_url(service),
            "service_body": detail_body(
                self, service, request, lambda pk: public_services().get(pk=pk)),
        })
        return TemplateResponse(request, "kp_catalogue/service_detail.html", context)

    @path("co-potrebuji/", name="finder")
    @cached_page_view
    def finder(self, request):
        situation_list = list(finder.situations())
        answers = finder.Answers.from_query_dict(request.GET, situation_list)
        context = self.get_context(request)
        context.update({
            "answers": answers, "situations": situation_list,
            "finder_url": self.base_url + self.reverse_subpage("finder"),
            "catalogue_url": self.base_url,
            "shortlist_url": self.base_url + self.reverse_subpage("shortlist"),
            "state_items": [], "shortlist": [],
        })
        step = answers.step
        if step == 2:
            context["municipalities"] = form_terms().municipalities
        if step in (2, 3):
            context["age_groups"] = form_terms().age_groups
        if step == 4:
            services = attach_cards(finder.finder_services(answers))
            context.update({
                "services": services,
                "querystring": urlencode(answers.querystring_items()),
                "catalogue_querystring": urlencode(
                    answers.catalogue_filter().querystring_items()),
            })
        context["back_querystring"] = urlencode(answers.querystring_items(upto=step - 1))
        status = 400 if answers.errors else 200
        return TemplateResponse(request, "kp_catalogue/finder.html", context, status=status)

    @path("muj-vyber/", name="shortlist")
    @cached_page_view
    def shortlist_view(self, request):
        try:
            ids = shortlist.parse(request.GET)
        except shortlist.ShortlistTooLong as error:
            return self.bad_request(request, error.message)
        services = shortlist.ordered(public_services().filter(pk__in=ids), ids)
        context = self.get_context(request)
        context.update({
            "services": services, "shortlist": [service.pk for service in services],
            "state_items": [], "catalogue_url": self.base_url,
            "shortlist_url": self.base_url + self.reverse_subpage("shortlist"),
            "pdf_url": self.base_url + self.reverse_subpage("shortlist_pdf"),
            "state_date": timezone.localdate(),
        })
        context["querystring"] = urlencode(shortlist.items(context["shortlist"]))
        return TemplateResponse(request, "kp_catalogue/shortlist.html", context)

    @path("muj-vyber/pdf/", name="shortlist_pdf")
    def shortlist_pdf(self, request):
        try:
            ids = shortlist.parse(request.GET)
        except shortlist.ShortlistTooLong as error:
            return self.bad_request(request, error.message)
        services = public_services().filter(pk__in=ids)
        if not ids or not services.exists():
            return self.bad_request(request, _("The list is empty: add services to it first."))
        return self.brochure_response(request, services, _("My selection of social services"),
                                      "muj-vyber.pdf", scope=f"page-{self.pk}-shortlist",
                                      budget=True)

    @path("poskytovatel/<int:pk>-<slug:slug>/", name="provider")
    @cached_page_view
    def provider(self, request, pk, slug):
        provider = Provider.objects.filter(pk=pk).first()
        if provider is None:
            raise Http404
        services = attach_cards(ServiceFilter(provider=provider.pk).apply(card_services()))
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
        return self.brochure_response(request, services, self.title,
                                      "katalog-socialnich-sluzeb.pdf", scope=f"page-{self.pk}",
                                      budget=service_filter.is_active(), inline=True)

    def brochure_response(self, request, services, title, filename, scope, budget,
                          inline=False):
        """The tagged PDF with QR codes of these services, stored once per selection and
        version of the catalogue; 429 while the rendering budget is spent."""
        try:
            path, digest = stored_brochure(
                services, lambda s: self.full_url + self.reverse_subpage(
                    "service", args=[s.pk, s.slug]), str(title), "", scope=scope,
                budget=budget)
        except stored_files.Busy as busy:
            return stored_files.busy_response(busy.retry_after)
        except BrochureBusy:
            context = self.get_context(request)
            response = TemplateResponse(request, "kp_catalogue/brochure_busy.html", context,
                                        status=429)
            response["Retry-After"] = "3600"
            return response
        response = stored_files.serve(request, path, "application/pdf", filename, digest)
        if inline and response.status_code == 200:
            # The catalogue's brochure opens in the browser's viewer, as before.
            response["Content-Disposition"] = f'inline; filename="{filename}"'
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

