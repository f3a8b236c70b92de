from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the header and footer of every public page show; edited in Settings."""

    organisation_name = models.CharField(
        _("organisation"), max_length=255, blank=True,
        help_text=_("Shown in the footer, e.g. the association of municipalities."),
    )
    crest = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("crest"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The microregion's crest or logo, shown beside its name in the header."),
    )
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("accessibility statement"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("personal data page"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("crest"), FieldPanel("address"),
             FieldPanel("email"), FieldPanel("phone")],
            heading=_("Contact in the footer"),
        ),
        PageChooserPanel("accessibility_page"),
        PageChooserPanel("privacy_page"),
    ]

    class Meta:
        verbose_name = _("site settings")
