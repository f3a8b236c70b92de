"""Provider organisations (HSDS organization), with drafts and approval like services."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from kp_catalogue.models.validators import validate_ico
from kp_catalogue.search.text import normalise


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
        HelpPanel(template="kp_catalogue/admin/approval_help.html"),
        FieldPanel("name", help_text=_("The organisation's name as in the public register.")),
        FieldPanel("ico"),
        FieldPanel("legal_status", help_text=_(
            "E.g. \"spolek\", \"obecně prospěšná společnost\", \"příspěvková organizace\".")),
        FieldPanel("description", help_text=_(
            "A few sentences about the organisation as a whole; each service has its own "
            "description.")),
        MultiFieldPanel([
            FieldPanel("website", help_text=_("The organisation's web address, e.g. "
                                              "https://www.example.cz.")),
            FieldPanel("email", help_text=_("The organisation's general address (shown "
                                            "publicly).")),
            FieldPanel("phone", help_text=_("The organisation's general number.")),
            FieldPanel("data_box", help_text=_("7 characters, e.g. \"abc12de\".")),
        ], heading=_("Contacts")),
        MultiFieldPanel([FieldPanel("address_1", help_text=_("The registered office.")),
                         FieldPanel("city", help_text=_("E.g. Valašské Meziříčí.")),
                         FieldPanel("postal_code", help_text=_("E.g. 757 01."))],
                        heading=_("Address")),
        FieldPanel("logo", help_text=_(
            "Upload or choose an image from your organisation's collection.")),
    ]
    # FilterField("id"): a provider account's listings and choosers search within its own
    # organisations (pk__in), which the search backend refuses on an unindexed field.
    search_fields = [index.SearchField("name"), index.SearchField("ico"),
                     index.AutocompleteField("name"), index.FilterField("id")]

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
        for service in self.services.select_related("service_type").prefetch_related(
                "tags", "target_groups"):
            service.refresh_search_text(provider=self)

    @property
    def slug(self):
        return slugify(self.name) or "poskytovatel"

