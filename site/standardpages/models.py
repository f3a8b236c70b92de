from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from kpsite.base.blocks import BodyBlock
from kpsite.base.navigation import KnownRestrictionsMixin


class TextPage(KnownRestrictionsMixin, Page):
    """A generic page of text: "about community planning", the accessibility statement,
    the personal-data page, and anything else editors write."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("text page")
        verbose_name_plural = _("text pages")
