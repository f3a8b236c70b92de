"""What the public can follow by e-mail: a plan, a working group, the catalogue of a
municipality; registered with kp_consultation's following machinery from ``apps.ready()``.

Events are read from the data rather than from signals: whatever way a draft was opened (its
period started, or it was published already open), a scan finds it, and each event has a key
that makes a second scan a no-op. Only recent events are looked at, so a new subscriber is not
sent the past.
"""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kp_catalogue import follow_links
from kp_catalogue.models import CatalogueIndexPage, Municipality, Service, ServiceStatus
from kp_consultation.follow import topics
from kp_consultation.follow.topics import EventData, Topic
from kp_plans.models import CommunityPlanPage, Meeting, PlanDraftPage, WorkingGroupPage

CLOSING_SOON = dt.timedelta(days=3)
RECENT = dt.timedelta(days=14)
MEETINGS_AHEAD = dt.timedelta(days=60)


def absolute(page):
    return page.full_url or page.url or ""


def resolve_plan(object_id):
    plan = CommunityPlanPage.objects.live().public().filter(pk=object_id).first()
    return plan and Topic("plan", plan.pk, plan.title, absolute(plan))


def resolve_group(object_id):
    group = WorkingGroupPage.objects.live().public().filter(pk=object_id).first()
    return group and Topic("group", group.pk, group.title, absolute(group))


def list_plans():
    return [Topic("plan", plan.pk, plan.title, absolute(plan))
            for plan in CommunityPlanPage.objects.live().public().order_by("path")]


def list_groups():
    return [Topic("group", group.pk, group.title, absolute(group))
            for group in WorkingGroupPage.objects.live().public().order_by("path")]


def catalogue_page():
    return CatalogueIndexPage.objects.live().public().order_by("path").first()


def resolve_municipality(object_id):
    municipality = Municipality.objects.filter(pk=object_id).first()
    catalogue = catalogue_page()
    if municipality is None or catalogue is None:
        return None
    return municipality_topic(municipality, absolute(catalogue))


def municipality_follow_url(municipality):
    """The subscribe form for one municipality's catalogue, for the catalogue's pages; "" when
    the site does not route following."""
    try:
        form = reverse("kp_consultation:follow_subscribe")
    except NoReverseMatch:
        return ""
    return f"{form}?{urlencode({'tema': f'obec:{municipality.pk}'})}"


def municipality_topic(municipality, catalogue_url):
    title = _("Social services in %(municipality)s") % {"municipality": municipality.name}
    return Topic("obec", municipality.pk, title, f"{catalogue_url}?obec={municipality.code}")


def list_municipalities():
    catalogue = catalogue_page()
    if catalogue is None:
        return []
    base = absolute(catalogue)
    return [municipality_topic(municipality, base)
            for municipality in Municipality.objects.order_by("name", "pk")]


def when(value):
    return formats.date_format(timezone.localtime(value), "j. n. Y")


def draft_events(now):
    drafts = list(PlanDraftPage.objects.live().public().filter(
        Q(comment_period_start__lte=now, comment_period_end__gt=now,
          comment_period_start__gte=now - RECENT)
        | Q(comment_period_start__lte=now, comment_period_end__gt=now,
            comment_period_end__lte=now + CLOSING_SOON)
        | Q(comments_settled_at__gte=now - RECENT)))
    parent_paths = {draft.path[:-draft.steplen] for draft in drafts}
    plans = {plan.path: plan for plan in CommunityPlanPage.objects.live().public()
             .filter(path__in=parent_paths)}
    for draft in drafts:
        plan = plans.get(draft.path[:-draft.steplen])
        if plan is None:
            continue
        names = {"plan": plan.title, "draft": draft.title}
        url = absolute(draft)
        if draft.comments_settled_at:
            yield EventData(
                f"draft-settled:{draft.pk}:{int(draft.comments_settled_at.timestamp())}",
                "plan", plan.pk, "settled",
                _("Comments on %(draft)s (%(plan)s) have been settled") % names,
                url + "#vyporadani")
            continue
        start, end = draft.comment_period_start, draft.comment_period_end
        if start >= now - RECENT:
            yield EventData(
                f"draft-opened:{draft.pk}:{int(start.timestamp())}", "plan", plan.pk, "opened",
                _("New draft open for comments until %(end)s: %(draft)s (%(plan)s)") % {
                    **names, "end": when(end)}, url)
        if end <= now + CLOSING_SOON:
            yield EventData(
                f"draft-closing:{draft.pk}:{int(end.timestamp())}", "plan", plan.pk, "closing",
                _("Comments on %(draft)s (%(plan)s) close on %(end)s") % {
                    **names, "end": when(end)}, url)


def meeting_events(now):
    groups = WorkingGroupPage.objects.live().public().filter(meetings_public=True)
    meetings = (Meeting.objects.filter(page__in=groups)
                .filter(Q(start__gte=now, start__lte=now + MEETINGS_AHEAD)
                        | Q(start__lt=now, start__gte=now - RECENT * 4))
                .select_related("page"))
    for meeting in meetings:
        group = meeting.page
        names = {"group": group.title, "date": when(meeting.start)}
        url = absolute(group)
        if meeting.start >= now:
            yield EventData(f"meeting:{meeting.pk}:{int(meeting.start.timestamp())}", "group",
                            group.pk, "meeting",
                            _("Meeting of %(group)s on %(date)s") % names, url)
        elif meeting.minutes or meeting.minutes_document_id:
            yield EventData(f"minutes:{meeting.pk}", "group", group.pk, "minutes",
                            _("Minutes of the meeting of %(group)s on %(date)s") % names, url)


def service_events(now):
    catalogue = catalogue_page()
    if catalogue is None:
        return
    services = (Service.objects.filter(provider__live=True)
                .filter(Q(live=True, first_published_at__gte=now - RECENT)
                        | Q(status__in=[ServiceStatus.TEMPORARILY_CLOSED, ServiceStatus.DEFUNCT],
                            updated_at__gte=now - RECENT))
                .prefetch_related("service_areas", "locations"))
    for service in services:
        municipality_ids = {m.pk for m in service.service_areas.all()} | {
            location.municipality_id for location in service.locations.all()
            if location.municipality_id}
        closed = service.status in (ServiceStatus.TEMPORARILY_CLOSED, ServiceStatus.DEFUNCT)
        for municipality_id in sorted(municipality_ids):
            if closed:
                yield EventData(
                    f"service-closed:{service.pk}:{service.status}:{municipality_id}", "obec",
                    municipality_id, "service_closed",
                    _("A service has closed: %(name)s") % {"name": service.name},
                    absolute(catalogue))
            elif service.live:
                yield EventData(
                    f"service-new:{service.pk}:{municipality_id}", "obec", municipality_id,
                    "service_new", _("A new service in the catalogue: %(name)s") % {
                        "name": service.name},
                    absolute(catalogue) + catalogue.reverse_subpage(
                        "service", args=[service.pk, service.slug]))


def register():
    topics.register_kind("plan", gettext_lazy("Community plan"), resolve_plan, list_plans)
    topics.register_kind("group", gettext_lazy("Working group"), resolve_group, list_groups)
    topics.register_kind("obec", gettext_lazy("Catalogue of a municipality"), resolve_municipality,
                         list_municipalities)
    follow_links.register_municipality_link(municipality_follow_url)
    topics.register_source(draft_events)
    topics.register_source(meeting_events)
    topics.register_source(service_events)

