from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from kpsite.base.blocks import BodyBlock
from kpsite.base.navigation import KnownRestrictionsMixin


class NewsIndexPage(KnownRestrictionsMixin, RoutablePageMixin, Page):
    """News and press releases, newest first, paginated, with an RSS feed at ``rss/``."""

    intro = models.TextField(_("introduction"), blank=True)
    per_page = 10

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def news(self):
        return NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")

    @path("")
    def index_route(self, request):
        paginator = Paginator(self.news(), self.per_page)
        page_obj = paginator.get_page(request.GET.get("strana"))
        return self.render(request, context_overrides={"news_page": page_obj})

    @path("rss/", name="rss")
    def rss(self, request):
        return NewsFeed(self)(request)


class NewsPage(KnownRestrictionsMixin, Page):
    """A news item or press release."""

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"), FieldPanel("intro"), FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("date"), APIField("intro"), APIField("body")]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index_page.title} – {settings.WAGTAIL_SITE_NAME}"

    def link(self):
        return self.index_page.get_url(self.request)

    def description(self):
        return self.index_page.intro

    def items(self):
        return self.index_page.news()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(
            timezone.datetime.combine(item.date, timezone.datetime.min.time())
        )
