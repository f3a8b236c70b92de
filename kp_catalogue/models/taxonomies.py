"""Code lists of the catalogue: service types, target and age groups, forms of provision,
capacity units and the municipalities of the area. Codes are the register's where they exist."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


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

    other_names = models.TextField(
        _("other names"), blank=True, max_length=1000,
        help_text=_("Forms of the name that people type and the search does not recognise "
                    "by itself, e.g. \"Valmez\" or an unusual case form; separated by "
                    "commas."),
    )

    # The centre of the municipality (its town hall, roughly): the origin of "near me"
    # ordering when a visitor picks the municipality.
    latitude = models.DecimalField(
        _("latitude of the centre"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(
        _("longitude of the centre"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)])

    panels = Taxonomy.panels + [FieldPanel("register_code"), FieldPanel("other_names"),
                                FieldPanel("latitude"), FieldPanel("longitude")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")



class Language(Taxonomy):
    """A language clients can be served in; ``code`` is ISO 639-1 ("uk"), or the sign
    language's own code ("cse", Czech sign language)."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class AccessibilityFeature(Taxonomy):
    """What a place offers people with disabilities (barrier-free entrance, induction loop …);
    the public filter "bezbariérový přístup" asks for ``BARRIER_FREE``."""

    BARRIER_FREE = "bezbarierovy-vstup"

    class Meta(Taxonomy.Meta):
        verbose_name = _("accessibility feature")
        verbose_name_plural = _("accessibility features")
