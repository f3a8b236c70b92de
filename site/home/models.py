from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from kpsite.base.blocks import BodyBlock
from kpsite.base.kept import KeptPageMixin
from kpsite.base.navigation import KnownRestrictionsMixin, KnownRoutesMixin, public
from kpsite.home.blocks import HomeRoutesBlock, prefetch_routes
from kpsite.news.models import NewsPage


class HomePage(KeptPageMixin, KnownRoutesMixin, KnownRestrictionsMixin, Page):
    """The microregion's front page: an introduction, the routes in (finding help, the open
    consultation, meetings, the plan, news) and a free body."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    routes = StreamField(
        HomeRoutesBlock(), verbose_name=_("routes"), blank=True,
        help_text=_("Ways in for visitors; each block finds its current content by itself."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"), FieldPanel("routes"), FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        prefetch_routes(request, self.routes)
        if not self.routes:
            # Only a home page without routes lists the news itself (the routes have a block).
            context["latest_news"] = (
                public(NewsPage.objects.live(), request).descendant_of(self)
                .order_by("-date", "-pk")[:3]
            )
        return context
