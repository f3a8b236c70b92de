"""Blocks of the home page that route a visitor to what the site offers.

Each block finds its content when the page is rendered (the open consultation, the next events,
the current plan), so editors place and title the blocks once and never update them by hand.

What a block shows comes from the page tree (and the catalogue's terms), not from services or
comments, so it is kept rendered (``kpsite.base.fragments``) until a page, a term or the time
changes it: the home page costs its first visitor after a provider's edit no more than the next.
"""

import json
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from kp_catalogue.models import LifeSituation
from kp_catalogue.public import terms
from kp_catalogue.public.page import CatalogueIndexPage
from kp_plans.models import (
    ActionPlanPage,
    CommunityPlanPage,
    ConferencePage,
    EventPage,
    PlanDraftPage,
)
from kp_plans.models.drafts import remaining_text_changes_in
from kp_plans.models.working_groups import Meeting
from kpsite.base import fragments, navigation
from kpsite.base.navigation import public
from kpsite.news.models import NewsPage


def request_of(parent_context):
    """The request the page is rendered for: Wagtail then resolves every page URL from the
    site root paths it looked up once for the request, not from the cache once per link."""
    return (parent_context or {}).get("request")


class KeptRenderedMixin:
    """Keeps the block's HTML per value, page tree version and ``extra_tokens()``. A block whose
    content ends at a time puts ``expires_at`` in its context; it is kept until then."""

    def extra_tokens(self, request):
        return ()

    def render(self, value, context=None):
        request = request_of(context)
        template = self.get_template(value, context=context)
        if not template or not fragments.cacheable(request):
            return super().render(value, context)
        found = {}

        def render_now():
            new_context = self.get_context(value, parent_context=dict(context))
            found["expires_at"] = new_context.get("expires_at")
            return render_to_string(template, new_context)

        def seconds():
            expires_at = found.get("expires_at")
            return None if expires_at is None else (expires_at - timezone.now()).total_seconds()

        html = fragments.fetch("home_block", request, self.kept_parts(value, request, template),
                               render_now, seconds)
        return mark_safe(html)  # noqa: S308 - rendered by the block's template

    def kept_parts(self, value, request, template=None):
        prepared = json.dumps(self.get_prep_value(value), cls=DjangoJSONEncoder, sort_keys=True)
        return (type(self).__name__,
                fragments.template_version(template or self.get_template(value)), prepared,
                *self.extra_tokens(request))


def prefetch_routes(request, routes):
    """Every kept route block of a page, read with the site's own parts in one round trip
    (``fragments.want``)."""
    fragments.want(request, [
        ("home_block", child.block.kept_parts(child.value, request)) for child in routes
        if isinstance(child.block, KeptRenderedMixin) and child.block.get_template(child.value)])


class HelpFinderBlock(KeptRenderedMixin, blocks.StructBlock):
    """"Hledám pomoc": the catalogue's search by municipality and group, one form away."""

    heading = blocks.CharBlock(label=_("Heading"), default="Hledám pomoc", max_length=100)
    text = blocks.TextBlock(label=_("Text"), required=False)

    class Meta:
        icon = "search"
        label = _("Find help (catalogue search)")
        template = "home/blocks/help_finder.html"

    def extra_tokens(self, request):
        # The municipalities, groups and life situations it lists; read once per request,
        # with the page tree's token.
        return (navigation.terms_version(request),)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        request = request_of(parent_context)
        catalogue = public(CatalogueIndexPage.objects.live(), request).first()
        context["catalogue"] = catalogue
        if catalogue is not None:
            # The needs finder's situations: one tap leads to "where do you live?".
            context["finder_url"] = (catalogue.get_url(request)
                                     + catalogue.reverse_subpage("finder"))
            context["situations"] = LifeSituation.objects.all()
        lists = terms.form_terms()
        context["municipalities"] = lists.municipalities
        context["target_groups"] = lists.target_groups
        return context


class OpenConsultationBlock(KeptRenderedMixin, blocks.StructBlock):
    """The plan drafts open for comments now, with the time left; nothing when none is open."""

    heading = blocks.CharBlock(label=_("Heading"), default="Připomínkujte návrh plánu",
                               max_length=100)

    class Meta:
        icon = "comment"
        label = _("Open consultation")
        template = "home/blocks/open_consultation.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        now = timezone.now()
        # Those still to open too: the list changes when one opens, and one query is needed
        # either way.
        current = list(
            public(PlanDraftPage.objects.live(), request_of(parent_context))
            .filter(comment_period_start__isnull=False, comment_period_end__gt=now,
                    comments_settled_at__isnull=True)
            .order_by("comment_period_end"))
        drafts = [draft for draft in current if draft.comment_period_start <= now]
        context["drafts"] = drafts
        # Kept until a draft opens or closes, or a countdown ("zbývá 5 dní") reads differently.
        changes = [draft.comment_period_start for draft in current
                   if draft.comment_period_start > now]
        changes += [draft.comment_period_end for draft in drafts]
        changes += [now + timedelta(seconds=remaining_text_changes_in(
            draft.comment_period_end - now)) for draft in drafts]
        context["expires_at"] = min(changes) if changes else None
        return context


class UpcomingEventsBlock(KeptRenderedMixin, blocks.StructBlock):
    """The next events, conferences and public working-group meetings, soonest first."""

    heading = blocks.CharBlock(label=_("Heading"), default="Nejbližší setkání a akce",
                               max_length=100)
    count = blocks.IntegerBlock(label=_("How many"), default=4, min_value=1, max_value=12)

    class Meta:
        icon = "date"
        label = _("Upcoming meetings and events")
        template = "home/blocks/upcoming_events.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        now, count = timezone.now(), value["count"]
        request = request_of(parent_context)
        items = [
            {"title": page.title, "url": page.get_url(request), "start": page.start}
            for model in (EventPage, ConferencePage)
            for page in public(model.objects.live(), request)
            .filter(start__gte=now).order_by("start")[:count]
        ]
        meetings = (Meeting.objects.filter(start__gte=now, page__meetings_public=True,
                                           page__live=True)
                    .select_related("page").order_by("start")[:count])
        items += [{"title": meeting.page.title, "url": meeting.page.get_url(request),
                   "start": meeting.start,
                   "place": meeting.place} for meeting in meetings]
        context["items"] = sorted(items, key=lambda item: item["start"])[:count]
        # The first item leaves the list when it starts; a later one can only join the list
        # by a page edit, which replaces the tree's token.
        context["expires_at"] = context["items"][0]["start"] if context["items"] else None
        return context


class CurrentPlanBlock(KeptRenderedMixin, blocks.StructBlock):
    """The newest community plan and action plan."""

    heading = blocks.CharBlock(label=_("Heading"), default="Komunitní plán", max_length=100)

    class Meta:
        icon = "doc-full"
        label = _("Current plan and action plan")
        template = "home/blocks/current_plan.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        request = request_of(parent_context)
        context["plan"] = (public(CommunityPlanPage.objects.live(), request)
                           .order_by("-period_start", "-pk").first())
        context["action_plan"] = (public(ActionPlanPage.objects.live(), request)
                                  .order_by("-year", "-pk").first())
        return context


class LatestNewsBlock(KeptRenderedMixin, blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), default="Aktuality", max_length=100)
    count = blocks.IntegerBlock(label=_("How many"), default=3, min_value=1, max_value=12)

    class Meta:
        icon = "list-ul"
        label = _("Latest news")
        template = "home/blocks/latest_news.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["news"] = (public(NewsPage.objects.live(), request_of(parent_context))
                           .order_by("-date", "-pk")[:value["count"]])
        return context


class HomeRoutesBlock(blocks.StreamBlock):
    help_finder = HelpFinderBlock()
    open_consultation = OpenConsultationBlock()
    upcoming_events = UpcomingEventsBlock()
    current_plan = CurrentPlanBlock()
    latest_news = LatestNewsBlock()

    class Meta:
        block_counts = {name: {"max_num": 1} for name in
                        ("help_finder", "open_consultation", "upcoming_events", "current_plan",
                         "latest_news")}
