"""Life situations of the needs finder ("Co potřebuji"): what a person in plain words needs,
and what that means in the catalogue's legal terms. Editors keep them as data, so a new
situation needs no programmer; the public finder and the API read them."""

from django import forms as django_forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel

from kp_catalogue.models.taxonomies import AgeGroup, ServiceForm, ServiceType, TargetGroup


class SituationIcon(models.TextChoices):
    # Drawn by kp_catalogue/includes/situation_icon.html; decorative, the title carries meaning.
    HOME = "home", _("House (help at home)")
    BED = "bed", _("Bed (somewhere to live)")
    CHAT = "chat", _("Speech bubble (advice)")
    ALERT = "alert", _("Warning sign (crisis)")
    FAMILY = "family", pgettext_lazy("situation icon", "Family")
    HEART = "heart", _("Heart (health, care)")
    HAND = "hand", _("Hand (support)")


class LifeSituation(ClusterableModel):
    """A situation in plain Czech ("Potřebuji pomoc doma") and the catalogue terms it stands
    for. An empty list of terms means "any"; every filled list must match."""

    title = models.CharField(pgettext_lazy("life situation", "title"), max_length=120)
    slug = models.SlugField(
        _("address part"), max_length=60, unique=True,
        help_text=_("Shown in the finder's address, e.g. \"pomoc-doma\"; keep it once shared."))
    icon = models.CharField(pgettext_lazy("life situation", "icon"), max_length=16, choices=SituationIcon.choices,
                            default=SituationIcon.HAND)
    question = models.CharField(
        _("short description"), max_length=200, blank=True,
        help_text=_("One plain sentence under the title, e.g. \"Někdo potřebuje pomoc s péčí "
                    "o sebe nebo o domácnost.\""))
    target_groups = ParentalManyToManyField(TargetGroup, verbose_name=_("target groups"),
                                            blank=True, related_name="+")
    age_groups = ParentalManyToManyField(AgeGroup, verbose_name=_("age groups"), blank=True,
                                         related_name="+")
    service_types = ParentalManyToManyField(ServiceType, verbose_name=_("service types"),
                                            blank=True, related_name="+")
    forms = ParentalManyToManyField(ServiceForm, verbose_name=_("forms of provision"),
                                    blank=True, related_name="+")
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("title", help_text=_("How a person would say it, e.g. \"Potřebuji pomoc "
                                        "doma\".")),
        FieldPanel("slug"),
        FieldPanel("icon"),
        FieldPanel("question"),
        FieldPanel("service_types", widget=django_forms.CheckboxSelectMultiple,
                   classname="kp-checklist", help_text=_(
                       "The services that help in this situation; none ticked means any.")),
        FieldPanel("target_groups", widget=django_forms.CheckboxSelectMultiple,
                   classname="kp-checklist", help_text=_(
                       "A service must be meant for at least one of them; none ticked means "
                       "any.")),
        FieldPanel("age_groups", widget=django_forms.CheckboxSelectMultiple,
                   classname="kp-checklist", help_text=_(
                       "A service must serve at least one of these ages; none ticked means "
                       "any.")),
        FieldPanel("forms", widget=django_forms.CheckboxSelectMultiple, classname="kp-checklist",
                   help_text=_("E.g. only field services for help at home; none ticked means "
                               "any.")),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "title"]
        verbose_name = _("life situation")
        verbose_name_plural = _("life situations")

    def __str__(self):
        return self.title
