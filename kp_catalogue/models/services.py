"""Social services (HSDS service) and their parts: forms of provision with capacity,
locations and contact persons.

Field names follow HSDS 3.1 where the meaning matches, so an HSDS export is a mapping rather
than a translation.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from kp_catalogue.models.providers import Provider
from kp_catalogue.models.taxonomies import (
    AgeGroup,
    CapacityUnit,
    Municipality,
    ServiceForm,
    ServiceType,
    TargetGroup,
)
from kp_catalogue.search.text import normalise


class ServiceTag(TaggedItemBase):
    content_object = ParentalKey(
        "kp_catalogue.Service", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ServiceStatus(models.TextChoices):
    # HSDS service.status values
    ACTIVE = "active", _("active")
    TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")
    DEFUNCT = "defunct", _("ended")


class Service(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin,
              index.Indexed, ClusterableModel):
    """A registered social service. The row holds the published version; drafts live in
    revisions until published."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("name"), max_length=255)
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service type"), on_delete=models.PROTECT,
        related_name="services",
    )
    target_groups = ParentalManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="services"
    )
    age_groups = ParentalManyToManyField(
        AgeGroup, verbose_name=_("age groups"), blank=True, related_name="services"
    )
    service_areas = ParentalManyToManyField(
        Municipality, verbose_name=_("municipalities served"), blank=True,
        related_name="services",
    )
    identifier = models.CharField(
        _("register identifier"), max_length=20, blank=True, db_index=True,
        help_text=_("Identifier of the service in the national register of providers."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE,
        db_index=True,
    )
    description = models.TextField(_("description"), blank=True)
    eligibility_description = models.TextField(_("who it is for"), blank=True)
    is_free = models.BooleanField(_("free of charge"), default=False)
    fees_description = models.TextField(_("fees"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True, default="čeština")
    schedule_description = models.TextField(_("opening hours"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    url = models.URLField(_("website"), blank=True)
    assured_date = models.DateField(_("data verified on"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    tags = ClusterTaggableManager(through=ServiceTag, blank=True, verbose_name=_("tags"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("provider"), FieldPanel("name"), FieldPanel("service_type"),
        FieldPanel("status"), FieldPanel("identifier"),
        FieldPanel("target_groups"), FieldPanel("age_groups"),
        FieldPanel("service_areas"),
        InlinePanel("provisions", heading=_("Forms of provision and capacity"), min_num=1),
        FieldPanel("description"), FieldPanel("eligibility_description"),
        MultiFieldPanel([FieldPanel("is_free"), FieldPanel("fees_description")],
                        heading=_("Fees")),
        FieldPanel("application_process"), FieldPanel("languages"),
        FieldPanel("schedule_description"),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email"), FieldPanel("url")],
                        heading=_("Contacts")),
        InlinePanel("contacts", heading=_("Contact people")),
        InlinePanel("locations", heading=_("Facilities and locations")),
        FieldPanel("tags"), FieldPanel("assured_date"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description"),
                     index.AutocompleteField("name"), index.FilterField("live"),
                     index.FilterField("provider_id")]

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("social service")
        verbose_name_plural = _("social services")
        indexes = [models.Index(fields=["live", "status"], name="kp_service_live_status")]

    def __str__(self):
        return self.name

    @property
    def slug(self):
        return slugify(self.name) or "sluzba"

    def build_search_text(self, provider=None):
        provider = provider or self.provider
        parts = [self.name, provider.name, self.service_type.name, self.description,
                 self.eligibility_description]
        return normalise(" ".join(part for part in parts if part))

    def refresh_search_text(self, provider=None):
        text = self.build_search_text(provider)
        if text != self.search_text:
            Service.objects.filter(pk=self.pk).update(search_text=text)
            self.search_text = text

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def with_content_json(self, content):
        # "Still correct" confirmations update the live row while a draft may be pending;
        # publishing that older draft must not move the verification date back.
        obj = super().with_content_json(content)
        if self.assured_date and (obj.assured_date is None or obj.assured_date < self.assured_date):
            obj.assured_date = self.assured_date
        return obj

    def get_preview_template(self, request, mode_name):
        return "kp_catalogue/service_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["service"] = self
        context["preview"] = True
        return context

    def public_locations(self):
        return [location for location in self.locations.all() if not location.secret_address]

    def public_contacts(self):
        return [contact for contact in self.contacts.all() if contact.is_public]

    def has_secret_location(self):
        return any(location.secret_address for location in self.locations.all())


class ServiceProvision(Orderable):
    """A form in which the service is provided, with its capacity (HSDS service_capacity)."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="provisions")
    form = models.ForeignKey(ServiceForm, verbose_name=_("form"), on_delete=models.PROTECT,
                             related_name="+")
    non_stop = models.BooleanField(_("non-stop"), default=False)
    unit = models.ForeignKey(CapacityUnit, verbose_name=_("capacity unit"),
                             on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    maximum = models.PositiveIntegerField(_("registered capacity"), null=True, blank=True)
    available = models.PositiveIntegerField(_("free places"), null=True, blank=True)
    available_updated = models.DateField(_("free places stated on"), null=True, blank=True)

    panels = [FieldPanel("form"), FieldPanel("non_stop"), FieldPanel("unit"),
              FieldPanel("maximum"), FieldPanel("available"), FieldPanel("available_updated")]

    class Meta(Orderable.Meta):
        verbose_name = _("form of provision")

    def clean(self):
        errors = {}
        if self.maximum is not None and self.unit_id is None:
            errors["unit"] = _("Give the unit in which the capacity is counted.")
        if self.available is not None:
            if self.unit_id is None:
                errors["unit"] = _("Give the unit in which the capacity is counted.")
            if self.maximum is not None and self.available > self.maximum:
                errors["available"] = _("Free places cannot exceed the registered capacity.")
            if self.available_updated is None:
                errors["available_updated"] = _("Give the date on which the free places were stated.")
        if errors:
            raise ValidationError(errors)


class Location(Orderable):
    """A facility or place where the service is provided (HSDS location + address)."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name"), max_length=200, blank=True)
    address_1 = models.CharField(_("street and number"), max_length=200, blank=True)
    city = models.CharField(_("town"), max_length=120, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=6, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    accessibility = models.CharField(_("barrier-free access"), max_length=255, blank=True)
    secret_address = models.BooleanField(
        _("secret address"), default=False,
        help_text=_("The address and GPS are never shown publicly (e.g. shelters for victims)."),
    )

    panels = [FieldPanel("name"), FieldPanel("address_1"), FieldPanel("city"),
              FieldPanel("postal_code"), FieldPanel("municipality"), FieldPanel("latitude"),
              FieldPanel("longitude"), FieldPanel("accessibility"), FieldPanel("secret_address")]

    class Meta(Orderable.Meta):
        verbose_name = _("location")

    def __str__(self):
        return ", ".join(part for part in [self.name, self.address_1, self.city] if part)


class Contact(Orderable):
    """A contact person (HSDS contact). Private contacts are for the editors only."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_public = models.BooleanField(_("show publicly"), default=True)

    panels = [FieldPanel("name"), FieldPanel("title"), FieldPanel("email"), FieldPanel("phone"),
              FieldPanel("is_public")]

    class Meta(Orderable.Meta):
        verbose_name = _("contact person")

