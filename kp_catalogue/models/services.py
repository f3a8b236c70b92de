"""Social services (HSDS service) and their parts: forms of provision with capacity,
locations and contact persons.

Field names follow HSDS 3.1 where the meaning matches, so an HSDS export is a mapping rather
than a translation.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from kp_catalogue.models.hours import HoursExceptionsField, WeeklyHoursField, open_days
from kp_catalogue.models.providers import Provider
from kp_catalogue.models.taxonomies import (
    AccessibilityFeature,
    AgeGroup,
    CapacityUnit,
    Language,
    Municipality,
    ServiceForm,
    ServiceType,
    TargetGroup,
)
from kp_catalogue.search import index as search_index
from kp_catalogue.search import words
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
    spoken_languages = ParentalManyToManyField(
        Language, verbose_name=_("languages spoken"), blank=True, related_name="services")
    schedule_description = models.TextField(_("opening hours"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    url = models.URLField(_("website"), blank=True)
    assured_date = models.DateField(_("data verified on"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    # Tokens for the full-text index (search/index.py); NULL until first built.
    search_document = models.TextField(editable=False, null=True)  # noqa: DJ001 (NULL: not built)
    tags = ClusterTaggableManager(through=ServiceTag, blank=True, verbose_name=_("tags"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Help texts live on the panels (not the fields): they are for the people who fill the
    # form, and changing them needs no migration.
    panels = [
        HelpPanel(template="kp_catalogue/admin/approval_help.html"),
        FieldPanel("provider", help_text=_("The organisation that provides the service.")),
        FieldPanel("name", help_text=_(
            "The name under which people know the service, e.g. \"Osobní asistence "
            "Vsetín\". Without the organisation's name if it is not part of it.")),
        FieldPanel("service_type", widget=forms.Select, help_text=_(
            "The type of social service as registered (the paragraph of the Social Services "
            "Act).")),
        FieldPanel("status", help_text=_(
            "\"Temporarily closed\" keeps the service in the catalogue with a notice; "
            "\"ended\" removes it from the public catalogue.")),
        FieldPanel("identifier"),
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple,
                   classname="kp-checklist", help_text=_(
                       "Tick every group of people the service is meant for.")),
        FieldPanel("age_groups", widget=forms.CheckboxSelectMultiple,
                   classname="kp-checklist", help_text=_("Tick all ages the service serves.")),
        FieldPanel("service_areas", widget=forms.CheckboxSelectMultiple,
                   classname="kp-checklist", help_text=_(
                       "Tick the municipalities whose residents can use the service; type "
                       "into the search box to find one.")),
        InlinePanel("provisions", heading=_("Forms of provision and capacity"), min_num=1),
        FieldPanel("description", help_text=_(
            "In plain words: what the service does and how it helps. A social worker should "
            "be able to read it to a client.")),
        FieldPanel("eligibility_description", help_text=_(
            "Who can use the service and who cannot (e.g. age, diagnosis, place of "
            "residence).")),
        MultiFieldPanel([
            FieldPanel("is_free", help_text=_("Tick if clients pay nothing at all.")),
            FieldPanel("fees_description", help_text=_(
                "What clients pay and for what, or where the price list is.")),
        ], heading=_("Fees")),
        FieldPanel("application_process", help_text=_(
            "The first step for a client: whom to call or where to come, whether a referral "
            "or an application form is needed.")),
        FieldPanel("spoken_languages", widget=forms.CheckboxSelectMultiple,
                   classname="kp-checklist", help_text=_(
                       "Tick every language in which clients can be served; the public "
                       "catalogue filters by them (e.g. \"speaks Ukrainian\").")),
        FieldPanel("languages", help_text=_(
            "Languages in which clients can be served, separated by commas.")),
        FieldPanel("schedule_description", help_text=_(
            "When clients can come or call, e.g. \"Po–Pá 8–16, jinak po domluvě\".")),
        MultiFieldPanel([
            FieldPanel("phone", help_text=_("The number clients call first.")),
            FieldPanel("email", help_text=_("The address clients write to.")),
            FieldPanel("url", help_text=_("The service's own web page, if it has one.")),
        ], heading=_("Contacts")),
        InlinePanel("contacts", heading=_("Contact people")),
        InlinePanel("locations", heading=_("Facilities and locations")),
        FieldPanel("tags", help_text=_(
            "Words people may search for that are not in the text, e.g. \"dluhy\" or "
            "\"bezdomovectví\". Separate them with commas.")),
        FieldPanel("assured_date", help_text=_(
            "The day you last checked that everything here is correct. The dashboard button "
            "\"Data still correct\" sets it to today.")),
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

    def build_search_document(self, provider=None):
        """The tokens the catalogue search finds this service by: its own text, its
        provider's name and IČO, its type, tags and target groups (the in-memory ones while a
        form is being saved, so the document matches what is being published)."""
        provider = provider or self.provider
        return words.document(
            self.name, provider.name, provider.ico, self.service_type.name, self.description,
            self.eligibility_description, *(tag.name for tag in self.tags.all()),
            *(group.name for group in self.target_groups.all()))

    def refresh_search_text(self, provider=None):
        text = self.build_search_text(provider)
        document = self.build_search_document(provider)
        if text != self.search_text or document != self.search_document:
            Service.objects.filter(pk=self.pk).update(search_text=text, search_document=document)
            self.search_text, self.search_document = text, document
            search_index.store([(self.pk, document)])

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        self.search_text = self.build_search_text()
        # Saving a draft revision writes only bookkeeping columns while the instance holds the
        # draft: the search document must keep describing the published row.
        if update_fields is not None and "search_document" not in update_fields:
            return super().save(*args, **kwargs)
        self.search_document = self.build_search_document()
        super().save(*args, **kwargs)
        search_index.store([(self.pk, self.search_document)])

    def with_content_json(self, content):
        # "Still correct" confirmations update the live row while a draft may be pending;
        # publishing that older draft must not move the verification date back.
        obj = super().with_content_json(content)
        if self.assured_date and (obj.assured_date is None or obj.assured_date < self.assured_date):
            obj.assured_date = self.assured_date
        # Free places are updated on the live rows from the dashboard without approval; an
        # older draft keeps the newer number rather than bringing back last week's.
        if self.pk:
            live = {provision.pk: provision for provision in self.provisions.all()
                    if provision.available_updated is not None}
            for provision in obj.provisions.all():
                current = live.get(provision.pk)
                if current is not None and (provision.available_updated is None
                                            or provision.available_updated
                                            < current.available_updated):
                    provision.available = current.available
                    provision.available_updated = current.available_updated
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

    panels = [
        FieldPanel("form", widget=forms.Select, help_text=_(
            "Residential (the client lives there), outpatient (the client comes) or field "
            "(the worker comes to the client).")),
        FieldPanel("non_stop", help_text=_("Tick if the service runs 24 hours a day.")),
        FieldPanel("unit", widget=forms.Select, help_text=_(
            "What the capacity counts: beds, clients, or clients at one time.")),
        FieldPanel("maximum", help_text=_("The capacity stated in the registration.")),
        FieldPanel("available", help_text=_(
            "How many new clients you can take now. Social workers ask about this number "
            "most; you can also update it from the dashboard.")),
        FieldPanel("available_updated", help_text=_(
            "The day the number of free places was true.")),
    ]

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


class Location(Orderable, ClusterableModel):
    """A facility or place where the service is provided (HSDS location + address), with its
    opening hours and accessibility features. Clusterable so that the features (a parental
    many-to-many) travel with the service's revisions and wait for approval like the rest."""

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
    accessibility_features = ParentalManyToManyField(
        AccessibilityFeature, verbose_name=_("accessibility features"), blank=True,
        related_name="locations")
    opening_hours = WeeklyHoursField(_("opening hours"), default=list, blank=True)
    hours_exceptions = HoursExceptionsField(_("exceptions to the opening hours"), default=list,
                                            blank=True)
    # Weekdays with any hours as digits ("12345"), for the "open on Saturday" filter.
    open_days = models.CharField(max_length=7, blank=True, editable=False)
    secret_address = models.BooleanField(
        _("secret address"), default=False,
        help_text=_("The address and GPS are never shown publicly (e.g. shelters for victims)."),
    )

    panels = [
        FieldPanel("name", help_text=_("E.g. \"Denní stacionář Slunce\"; leave empty if the "
                                       "service has one place only.")),
        FieldPanel("address_1", help_text=_("Where clients come, e.g. \"Nádražní 123\".")),
        FieldPanel("city", help_text=_("E.g. Valašské Meziříčí.")),
        FieldPanel("postal_code", help_text=_("E.g. 757 01.")),
        FieldPanel("municipality", widget=forms.Select, help_text=_(
            "The municipality the place belongs to; the public catalogue filters by it.")),
        MultiFieldPanel([
            HelpPanel(template="kp_catalogue/admin/map_picker.html"),
            FieldPanel("latitude", help_text=_("E.g. 49.471234 (north).")),
            FieldPanel("longitude", help_text=_("E.g. 17.971234 (east).")),
        ], heading=_("Position on the map"), classname="kp-map-picker"),
        FieldPanel("opening_hours", help_text=_(
            "Days and hours, e.g. \"Po–Pá 8:00–12:00, 13:00–16:00; So 9:00–11:00\". Leave "
            "empty if clients come only by appointment.")),
        FieldPanel("hours_exceptions", help_text=_(
            "One date a line, e.g. \"24. 12. 2026 zavřeno – Štědrý den\" or \"31. 12. 2026 "
            "8:00–12:00\".")),
        FieldPanel("accessibility_features", widget=forms.CheckboxSelectMultiple,
                   classname="kp-checklist", help_text=_(
                       "Tick what the place offers; the public catalogue filters by it.")),
        FieldPanel("accessibility", help_text=_(
            "E.g. \"bezbariérový vstup, výtah\" or \"2. patro bez výtahu\".")),
        FieldPanel("secret_address"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("location")
        indexes = [models.Index(fields=["service", "open_days"], name="kp_location_open_days")]

    def save(self, *args, **kwargs):
        self.open_days = open_days(self.opening_hours)
        super().save(*args, **kwargs)

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

    panels = [
        FieldPanel("name", help_text=_("First name and surname.")),
        FieldPanel("title", help_text=_("E.g. \"sociální pracovnice\" or \"vedoucí služby\".")),
        FieldPanel("email", help_text=_("A direct address of this person.")),
        FieldPanel("phone", help_text=_("A direct number of this person.")),
        FieldPanel("is_public", help_text=_(
            "Untick for contacts meant only for the office of the municipality; they are "
            "never shown on the web.")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("contact person")

