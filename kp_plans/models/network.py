"""The network of social services (síť sociálních služeb) for a period, with the co-financing
of each service by the municipalities it serves.

The page is edited like any page, so every change is a revision with its author and time. What
the councils adopted is kept apart: publishing the page with a new resolution number freezes
the network and every municipality's amounts in a ``NetworkAdoption`` snapshot. Public pages
and statements show that snapshot, so a later edit (or new population figures) cannot change
what a council agreed to pay.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, HttpResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page

from kp_catalogue.models.services import Service
from kp_catalogue.models.taxonomies import CapacityUnit, Municipality
from kp_plans.apifields import NetworkOut, typed_api_field
from kp_plans.choices import SplitKey
from kp_plans.network import exports
from kp_plans.network.data import municipality_statement, network_for_public

YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]
# Bounds that keep a page, an export and a statement readable and the admin form finite.
MAX_NETWORK_SERVICES = 300
MAX_SHARE_INPUTS = 3000


def download(body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


class ServiceNetworkPage(RoutablePageMixin, Page):
    """The network of services for a period and who pays for it."""

    period_start = models.PositiveSmallIntegerField(_("from year"), validators=YEARS)
    period_end = models.PositiveSmallIntegerField(_("to year"), validators=YEARS)
    intro = models.TextField(_("summary"), blank=True)
    adopted_by = models.CharField(
        _("adopted by"), max_length=255, blank=True,
        help_text=_("E.g. the general assembly of the association of municipalities."))
    adoption_date = models.DateField(_("adoption date"), null=True, blank=True)
    resolution_number = models.CharField(
        _("resolution number"), max_length=64, blank=True,
        help_text=_("Publishing the page with a new resolution number records the network and "
                    "its amounts as adopted; later edits do not change that record."))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")],
                      heading=_("Period")),
        MultiFieldPanel([FieldPanel("adopted_by"), FieldPanel("adoption_date"),
                         FieldPanel("resolution_number")], heading=_("Adoption")),
        InlinePanel("network_services", label=_("Service in the network"),
                    heading=_("Services in the network"), max_num=MAX_NETWORK_SERVICES),
        InlinePanel("share_inputs", label=_("Declared use or fixed part"),
                    heading=_("Declared use and fixed parts"), max_num=MAX_SHARE_INPUTS),
    ]
    api_fields = [
        APIField("period_start"), APIField("period_end"), APIField("intro"),
        APIField("adopted_by"), APIField("adoption_date"), APIField("resolution_number"),
        typed_api_field("public_network", NetworkOut),
    ]
    parent_page_types = ["kp_plans.CommunityPlanPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("network of services")
        verbose_name_plural = _("networks of services")

    @cached_property
    def plan(self):
        return self.get_parent().specific

    def network(self):
        """(data, adoption or None): what the public sees, the adopted version first."""
        return network_for_public(self)

    @property
    def public_network(self):
        data, adoption = self.network()
        return {**data, "adopted": adoption is not None,
                "resolution_number": adoption.resolution_number if adoption else ""}

    @path("")
    def network_view(self, request):
        data, adoption = self.network()
        return self.render(request, context_overrides={"data": data, "adoption": adoption})

    @path("export/<str:file_format>/", name="export")
    def export_view(self, request, file_format):
        data, _adoption = self.network()
        header, rows = exports.network_table(data)
        if file_format == "csv":
            return download(exports.as_csv(header, rows), CSV, f"sit-sluzeb-{self.pk}.csv")
        if file_format == "xlsx":
            return download(exports.as_xlsx(str(_("Network")), header, rows), XLSX,
                            f"sit-sluzeb-{self.pk}.xlsx")
        raise Http404

    @path("obec/<str:code>/", name="statement")
    @path("obec/<str:code>/<str:file_format>/", name="statement_file")
    def statement_view(self, request, code, file_format=None):
        data, adoption = self.network()
        town = municipality_statement(data, code)
        if town is None or file_format not in (None, "xlsx", "pdf"):
            raise Http404
        if file_format is None:
            return self.render(request, template="kp_plans/network_statement.html",
                               context_overrides={"data": data, "adoption": adoption,
                                                  "town": town})
        name = f"spolufinancovani-{town['code']}-{self.pk}"
        if file_format == "pdf":
            return download(exports.cached_statement_pdf(self, data, town, adoption),
                            "application/pdf", name + ".pdf")
        header, rows = exports.statement_table(data, town)
        return download(exports.as_xlsx(town["name"], header, rows,
                                        exports.statement_footer(data, town)), XLSX, name + ".xlsx")

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if self.period_start and self.period_end and self.period_end - self.period_start > 10:
            errors["period_end"] = _("A network is adopted for at most eleven years.")
        if self.adoption_date and not self.resolution_number:
            errors["resolution_number"] = _("Give the number of the resolution that adopted "
                                            "the network.")
        plan = self.plan if self.path else None
        codes = set(plan.measures_by_code) if plan is not None else None
        services = set()
        for entry in self.network_services.all():
            if entry.service_id in services:
                errors.setdefault("__all__", []).append(
                    _("A service is in the network only once: %(service)s")
                    % {"service": entry.service})
            services.add(entry.service_id)
            if codes is not None and entry.measure_code and entry.measure_code not in codes:
                errors.setdefault("__all__", []).append(
                    _("The plan has no measure %(code)s. Its measures: %(codes)s")
                    % {"code": entry.measure_code, "codes": ", ".join(sorted(codes))})
        for share in self.share_inputs.all():
            if share.service_id not in services:
                errors.setdefault("__all__", []).append(
                    _("A declared use or fixed part names a service that is not in the "
                      "network: %(service)s") % {"service": share.service})
        if errors:
            raise ValidationError(errors)


class NetworkService(Orderable, ClusterableModel):
    """One service in the network: the capacity included, the municipalities it serves for
    the network, the measure it carries out, and the yearly cost the municipalities share.
    Clusterable so that its municipalities are saved with the page and kept in revisions."""

    page = ParentalKey(ServiceNetworkPage, related_name="network_services",
                       on_delete=models.CASCADE)
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT,
                                related_name="+")
    capacity = models.PositiveIntegerField(_("capacity included"), null=True, blank=True)
    capacity_unit = models.ForeignKey(CapacityUnit, verbose_name=_("capacity unit"),
                                      null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    municipalities = ParentalManyToManyField(
        Municipality, verbose_name=_("municipalities served"), related_name="+", blank=True)
    measure_code = models.CharField(
        _("measure"), max_length=16, blank=True,
        help_text=_("Code of the plan's measure the service carries out, e.g. 2.1."))
    annual_cost = models.DecimalField(
        _("yearly cost shared by the municipalities (CZK)"), max_digits=14, decimal_places=2,
        default=0, validators=[MinValueValidator(0)])
    split_key = models.CharField(_("split key"), max_length=16, choices=SplitKey.choices,
                                 default=SplitKey.POPULATION)

    panels = [
        FieldPanel("service"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("capacity_unit")]),
        FieldPanel("municipalities"),
        FieldPanel("measure_code"),
        FieldRowPanel([FieldPanel("annual_cost"), FieldPanel("split_key")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("service in the network")
        verbose_name_plural = _("services in the network")


class NetworkShareInput(Orderable):
    """A municipality's declared use of a service (clients, hours…) or its fixed part, for the
    services whose key is "by declared use" or "fixed split"."""

    page = ParentalKey(ServiceNetworkPage, related_name="share_inputs", on_delete=models.CASCADE)
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT,
                                related_name="+")
    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"),
                                     on_delete=models.PROTECT, related_name="+")
    number = models.DecimalField(
        _("declared use or part"), max_digits=12, decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("Declared use (e.g. clients) or the agreed part (e.g. per cent)."))

    panels = [FieldPanel("service"), FieldPanel("municipality"), FieldPanel("number")]

    class Meta(Orderable.Meta):
        verbose_name = _("declared use or fixed part")
        verbose_name_plural = _("declared uses and fixed parts")


class NetworkAdoption(models.Model):
    """The network and its amounts as a council adopted them, frozen."""

    page = models.ForeignKey(ServiceNetworkPage, on_delete=models.CASCADE,
                             related_name="adoptions")
    revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    resolution_number = models.CharField(_("resolution number"), max_length=64)
    adopted_by = models.CharField(_("adopted by"), max_length=255, blank=True)
    adoption_date = models.DateField(_("adoption date"), null=True, blank=True)
    snapshot = models.JSONField(_("adopted network"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adoption of the network")
        verbose_name_plural = _("adoptions of the network")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["page", "resolution_number"],
                                               name="kp_network_one_adoption_per_resolution")]

    def __str__(self):
        return self.resolution_number
