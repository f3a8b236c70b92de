"""The catalogue's data: taxonomies, provider organisations and their services.

Field names follow HSDS 3.1 (organization, service, location, service_capacity, contact) where the
meaning matches, so an HSDS export is a mapping rather than a translation.
"""

from django.conf import settings
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

from .forms import ServiceAdminForm
from .text import normalise
from .validators import validate_ico


class Taxonomy(models.Model):
    """A code list item. ``code`` is the register's id where one exists (e.g. "13" of
    DruhSocialniSluzby/13); kept as text because codes are identifiers, not numbers."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ServiceCategory(models.TextChoices):
    COUNSELLING = "counselling", _("Social counselling")
    CARE = "care", _("Social care services")
    PREVENTION = "prevention", _("Social prevention services")


class ServiceType(Taxonomy):
    paragraph = models.CharField(_("paragraph of Act 108/2006"), max_length=16, blank=True)
    category = models.CharField(
        _("category"), max_length=16, choices=ServiceCategory.choices, db_index=True
    )

    panels = Taxonomy.panels + [FieldPanel("paragraph"), FieldPanel("category")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("service type")
        verbose_name_plural = _("service types")

    def __str__(self):
        return f"{self.name} (§ {self.paragraph})" if self.paragraph else self.name


class TargetGroup(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class AgeGroup(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("age group")
        verbose_name_plural = _("age groups")


class ServiceForm(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("form of provision")
        verbose_name_plural = _("forms of provision")


class CapacityUnit(Taxonomy):
    description = models.CharField(_("description"), max_length=200, blank=True)

    panels = Taxonomy.panels + [FieldPanel("description")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("capacity unit")
        verbose_name_plural = _("capacity units")


class Municipality(Taxonomy):
    """A municipality of the area; ``code`` is its RÚIAN code."""

    register_code = models.CharField(
        _("code in the register"), max_length=16, blank=True, db_index=True,
        help_text=_("RÚIAN code of the municipality as the national register of providers "
                    "gives it (Obec/…), for the register sync."),
    )

    panels = Taxonomy.panels + [FieldPanel("register_code")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")


class Provider(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed,
               models.Model):
    """A provider organisation (HSDS organization). Services hang from it, and so do the
    per-organisation permissions of provider accounts (``ProviderMembership``). Like services,
    a provider's own change to its profile waits in a revision until an editor approves it."""

    name = models.CharField(_("name"), max_length=255)
    ico = models.CharField(
        _("company ID (IČO)"), max_length=8, unique=True, validators=[validate_ico],
        help_text=_("8 digits, with leading zeros."),
    )
    legal_status = models.CharField(_("legal form"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    data_box = models.CharField(_("data box ID"), max_length=7, blank=True)
    address_1 = models.CharField(_("street and number"), max_length=200, blank=True)
    city = models.CharField(_("town"), max_length=120, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=6, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    search_text = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("name"), FieldPanel("ico"), FieldPanel("legal_status"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("website"), FieldPanel("email"), FieldPanel("phone"),
                         FieldPanel("data_box")], heading=_("Contacts")),
        MultiFieldPanel([FieldPanel("address_1"), FieldPanel("city"),
                         FieldPanel("postal_code")], heading=_("Address")),
        FieldPanel("logo"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("ico"),
                     index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        # Saving a draft revision saves only bookkeeping columns (update_fields) while the
        # instance holds the draft's name: the public search columns must keep the live name.
        if update_fields is not None and "name" not in update_fields:
            return super().save(*args, **kwargs)
        self.search_text = normalise(f"{self.name} {self.ico}")
        super().save(*args, **kwargs)
        # Service rows carry the provider's name in their search column.
        for service in self.services.select_related("service_type"):
            service.refresh_search_text(provider=self)

    @property
    def slug(self):
        return slugify(self.name) or "poskytovatel"


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
    base_form_class = ServiceAdminForm

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
        from django.core.exceptions import ValidationError

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


class ProviderMembership(models.Model):
    """A user account that may manage one provider organisation's profile and services."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="provider_memberships",
    )
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="memberships"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("provider membership")
        verbose_name_plural = _("provider memberships")
        constraints = [models.UniqueConstraint(fields=["user", "provider"],
                                               name="kp_membership_unique_user_provider")]

    def __str__(self):
        return f"{self.user} – {self.provider}"


class StaleReminder(models.Model):
    """One reminder e-mail about services not verified for too long; keeps the reminders
    from repeating every time the command runs."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    service_count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("stale data reminder")

    def __str__(self):
        return f"{self.provider_id} {self.sent_at:%Y-%m-%d}"


from .pages import CatalogueIndexPage  # noqa: E402,F401  (page models must live in models)
