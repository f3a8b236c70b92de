"""Plan drafts open for public comment, with their sections, comment places and comparison
with the previous draft."""

import datetime
import math
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from kp_catalogue import caching as catalogue_caching
from kp_consultation import kept, stored_files
from kp_consultation.mixins import (
    ConsultationPageMixin,
    ConsultationParagraph,
    ConsultationSection,
    ConsultationState,
)
from kp_consultation.models import Comment
from kp_plans.anchors import assign_missing_anchors, duplicate_anchor_indexes
from kp_plans.apifields import (
    DraftConsultationOut,
    DraftSectionOut,
    typed_api_field,
)
from kp_plans.blocks import (
    DraftSectionsBlock,
)
from kp_plans.diff import diff_sections
from kp_plans.forms import PlanDraftForm
from kp_plans.models.mixins import SMALL_TEXT
from kp_plans.models.working_groups import WorkingGroupPage
from kp_plans.paper import pack_filename, stored_pack
from kp_plans.paragraphs import match_anchors, paragraph_memory, parsed_section
from kp_plans.tracing import trace

# The draft page shows this many newest comments under each section; the rest are paginated.
LATEST_COMMENTS = 3
COMMENTS_PER_PAGE = 20
WHOLE_DOCUMENT = "cely-dokument"
# A paragraph is named by its first words in forms and next to the comments on it.
EXCERPT_CHARS = 80


@lru_cache(maxsize=4096)
def excerpt(text, language):
    """A paragraph's start for its code's label. Truncator's ellipsis is translated, so the
    language is part of what the answer is kept under."""
    return Truncator(text).chars(EXCERPT_CHARS)


# --- Plan draft -----------------------------------------------------------------------------------


class PlanDraftPage(ConsultationPageMixin, RoutablePageMixin, Page):
    """A version of the plan published for public comment, section by section."""

    version_label = models.CharField(_("version"), max_length=64, help_text=_("E.g. 2.0"))
    previous_draft = models.ForeignKey(
        "kp_plans.PlanDraftPage", verbose_name=_("previous draft"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("A draft of the same plan; the changelog and the comparison refer to it."),
    )
    changelog = RichTextField(_("changes against the previous draft"), blank=True,
                              features=SMALL_TEXT)
    intro = models.TextField(_("summary"), blank=True)
    body = StreamField(DraftSectionsBlock(), verbose_name=_("sections"), blank=True)
    # Each section's paragraphs with their stable anchors (kp_plans.paragraphs), kept in step
    # with the body on every save and carried by revisions like the body.
    paragraph_anchors = models.JSONField(default=dict, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("version_label"),
        FieldPanel("intro"),
        PageChooserPanel("previous_draft", "kp_plans.PlanDraftPage"),
        FieldPanel("changelog"),
        FieldPanel("body"),
        *ConsultationPageMixin.consultation_panels,
        InlinePanel("comment_places", label=_("Where to comment offline")),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [
        APIField("version_label"), APIField("previous_draft"), APIField("changelog"),
        APIField("intro"), APIField("body"),
        typed_api_field("sections", list[DraftSectionOut]),
        APIField("comment_period_start"), APIField("comment_period_end"),
        APIField("comments_premoderated"), APIField("comments_allow_anonymous"),
        APIField("comments_settled_at"),
        typed_api_field("consultation", DraftConsultationOut),
        APIField("comment_places"),
    ]
    parent_page_types = ["kp_plans.CommunityPlanPage"]
    subpage_types = []
    base_form_class = PlanDraftForm

    class Meta:
        verbose_name = _("plan draft")
        verbose_name_plural = _("plan drafts")

    def clean(self):
        super().clean()
        # save_revision() cleans before it serialises, so revisions carry the anchors too.
        assign_missing_anchors(self.body)
        self.remember_paragraphs()
        anchors = [child.value.get("anchor") for child in self.body]
        if duplicate_anchor_indexes(anchors):
            raise ValidationError({"body": _("Two sections of the draft share an anchor.")})
        if self.previous_draft_id:
            if self.previous_draft_id == self.pk:
                raise ValidationError({"previous_draft": _("A draft cannot precede itself.")})
            parent = self.get_parent() if self.path else None
            if parent and not self.previous_draft.is_child_of(parent):
                raise ValidationError(
                    {"previous_draft": _("Choose a draft of the same plan.")}
                )

    def save(self, *args, **kwargs):
        # Drafts made in code (demo, API, tests) get their anchors like those made in the admin.
        assign_missing_anchors(self.body)
        self.remember_paragraphs()
        return super().save(*args, **kwargs)

    def remember_paragraphs(self):
        self.paragraph_anchors = paragraph_memory(
            [{"anchor": child.value.get("anchor"), "body": child.value["body"].source}
             for child in self.body], self.paragraph_anchors)

    # The seam with kp_consultation -------------------------------------------------------------

    def consultation_sections(self):
        return [
            ConsultationSection(anchor=s["anchor"], title=s["title"], number=s["number"],
                                paragraphs=tuple(
                                    ConsultationParagraph(anchor=p["anchor"], code=p["code"],
                                                          excerpt=p["excerpt"])
                                    for p in s["paragraphs"]))
            for s in self.sections
        ]

    def successor(self):
        """The live draft that names this one as its previous draft (the newest if several)."""
        return (PlanDraftPage.objects.live().filter(previous_draft_id=self.pk)
                .order_by("-first_published_at", "-pk").first())

    @cached_property
    def _successor(self):
        return self.successor()

    def successor_sections(self):
        successor = self._successor
        return successor.consultation_sections() if successor else []

    def successor_section_url(self, anchor):
        successor = self._successor
        if successor is None or not successor.url:
            return ""
        return f"{successor.url}#{anchor}" if anchor else successor.url

    def consultation_manager_emails(self) -> list[str]:
        """E-mails of the managers of the plan's working groups, for notifications only.

        Private: never rendered or served by the API.
        """
        # The plan is the parent: match it by path rather than loading it first.
        emails = (
            WorkingGroupPage.objects.filter(plans__path=self.path[:-self.steplen])
            .exclude(manager_email="")
            .values_list("manager_email", flat=True)
        )
        return sorted(set(emails))

    # Data for templates and the API ---------------------------------------------------------------

    @cached_property
    def sections(self):
        sections = []
        for number, child in enumerate(self.body, start=1):
            anchor, body = child.value["anchor"], str(child.value["body"])
            blocks, texts = parsed_section(body)
            anchors, _memory = match_anchors((self.paragraph_anchors or {}).get(anchor),
                                             list(texts))
            sections.append({
                "anchor": anchor, "title": child.value["title"], "body": body,
                "block_id": child.id, "number": number,
                "paragraphs": [
                    {"anchor": p_anchor, "code": f"{number}.{position}", "html": block,
                     "excerpt": excerpt(text, get_language()), "number": position}
                    for position, (p_anchor, block, text)
                    in enumerate(zip(anchors, blocks, texts, strict=True), start=1)
                ],
            })
        return sections

    @property
    def consultation(self):
        state = self.consultation_state()
        return {
            "state": state.value,
            "state_label": str(state.label),
            "start": self.comment_period_start.isoformat() if self.comment_period_start else None,
            "end": self.comment_period_end.isoformat() if self.comment_period_end else None,
        }

    def countdown(self, now=None) -> str:
        """"zbývá 5 dní" while open, "začíná za 3 dny" before; empty otherwise."""
        now = now or timezone.now()
        state = self.consultation_state(now)
        if state == ConsultationState.OPEN:
            return remaining_text(self.comment_period_end - now, left=True)
        if state == ConsultationState.UPCOMING:
            return remaining_text(self.comment_period_start - now, left=False)
        return ""

    def group_ideas(self):
        """Published ideas sent to the plan's working groups while this draft was prepared:
        after the previous draft's comment period (or ever, for the first draft) and before
        this draft's period opened (or until now)."""
        ideas = Comment.objects.published().filter(
            page__in=models.Subquery(self.idea_groups().values("pk")))
        previous = self.previous_draft
        if previous is not None and previous.comment_period_end:
            ideas = ideas.filter(created_at__gte=previous.comment_period_end)
        if self.comment_period_start:
            ideas = ideas.filter(created_at__lt=self.comment_period_start)
        return ideas.select_related("page").order_by("-created_at", "-pk")

    def idea_groups(self):
        """The working groups of this draft's plan: their ideas are listed on the draft."""
        return WorkingGroupPage.objects.filter(plans__path=self.path[:-self.steplen])

    def shown_group_ideas(self, limit=20):
        """What the draft page lists of ``group_ideas``: how many, and the newest ``limit``
        (there can be hundreds; only these are loaded)."""
        ideas = self.group_ideas()
        shown = list(ideas[:limit])
        return {"count": len(shown) if len(shown) < limit else ideas.count(), "items": shown}

    def has_other_drafts(self):
        return self.other_drafts().exists()

    def other_drafts(self):
        return (PlanDraftPage.objects.live().public().sibling_of(self, inclusive=False)
                .order_by("path"))

    @path("")
    def draft_view(self, request):
        """Kept rendered for anonymous readers (kp_consultation.kept): a consultation's
        readers far outnumber its commenters."""

        def render():
            holes = {"csrf_token": kept.CSRF_HOLE} if kept.keeping(request) else None
            return self.render(request, context_overrides=holes)

        # The catalogue's token is replaced by every page publish, move or deletion, a view
        # restriction, a site or the site settings: the menu, links and footer of the page.
        return kept.serve(
            request, self, render,
            pages=lambda: list(self.idea_groups().values_list("pk", flat=True)),
            token_keys=[catalogue_caching.VERSION_KEY], expires_at=self.text_changes_at())

    def text_changes_at(self, now=None):
        """When the page's state or countdown next reads differently (None: not with time)."""
        now = now or timezone.now()
        state = self.consultation_state(now)
        if state == ConsultationState.OPEN:
            edge = self.comment_period_end
        elif state == ConsultationState.UPCOMING:
            edge = self.comment_period_start
        else:
            return None
        return now + datetime.timedelta(seconds=remaining_text_changes_in(edge - now))

    def section_comments_url(self, section):
        return self.url + self.reverse_subpage("section_comments",
                                               args=[section or WHOLE_DOCUMENT])

    @path("pripominky/<str:section>/", name="section_comments")
    def section_comments_view(self, request, section):
        """Every public comment on one section (or the whole draft), COMMENTS_PER_PAGE a page."""
        titles = {s["anchor"]: s["title"] for s in self.sections}
        anchor = "" if section == WHOLE_DOCUMENT else section
        if anchor and anchor not in titles:
            raise Http404
        comments = (Comment.objects.public().filter(page_id=self.pk, section=anchor)
                    .annotate_cosignatures().order_by("created_at", "pk"))
        page_of_comments = Paginator(comments, COMMENTS_PER_PAGE).get_page(
            request.GET.get("strana"))
        return self.render(
            request, template="kp_plans/plan_draft_comments.html",
            context_overrides={
                "section_anchor": anchor,
                "section_title": titles.get(anchor, ""),
                "comments": page_of_comments,
                "settled": self.consultation_state() == ConsultationState.SETTLED,
                "open": self.accepts_comments(),
            },
        )

    @path("zmeny-z-pripominek/", name="tracing")
    def tracing_view(self, request):
        return self._render_tracing(request, None)

    @path("zmeny-z-pripominek/<str:section>/", name="tracing_section")
    def tracing_section_view(self, request, section):
        return self._render_tracing(request, section)

    def _render_tracing(self, request, anchor):
        """Each section's changes beside the comments that caused them (kp_plans.tracing)."""
        traced = trace(self)
        shown = traced.sections if traced else []
        if anchor is not None:
            shown = [s for s in shown if s.change.anchor == anchor]
            if not shown:
                raise Http404
        return self.render(
            request, template="kp_plans/plan_draft_tracing.html",
            context_overrides={"trace": traced, "shown": shown, "single": anchor is not None},
        )

    @path("tiskovy-balik/", name="paper_pack")
    def paper_pack_view(self, request):
        """The printable consultation pack (kp_plans.paper), built once per version."""
        site = self.get_site()
        base_url = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
        try:
            stored, digest = stored_pack(self, base_url)
        except stored_files.Busy as busy:
            return stored_files.busy_response(busy.retry_after)
        return stored_files.serve(request, stored, "application/pdf", pack_filename(self),
                                  digest)

    @path("porovnani/", name="compare")
    def compare_view(self, request):
        others = list(self.other_drafts())
        chosen = request.GET.get("s")
        other = None
        if chosen:
            other = next((d for d in others if str(d.pk) == chosen), None)
            if other is None:
                raise Http404
        elif self.previous_draft_id:
            other = next((d for d in others if d.pk == self.previous_draft_id), None)
        elif others:
            other = others[0]
        changes = diff_sections(other.sections, self.sections) if other else []
        return self.render(
            request, template="kp_plans/plan_draft_compare.html",
            context_overrides={"other": other, "others": others, "changes": changes},
        )


def remaining_text(delta, left):
    seconds = max(delta.total_seconds(), 0)
    days = math.floor(seconds / 86400)
    if days >= 1:
        if left:
            return ngettext("%(n)s day left", "%(n)s days left", days) % {"n": days}
        return ngettext("opens in %(n)s day", "opens in %(n)s days", days) % {"n": days}
    hours = max(math.floor(seconds / 3600), 1) if seconds >= 3600 else 0
    if hours:
        if left:
            return ngettext("%(n)s hour left", "%(n)s hours left", hours) % {"n": hours}
        return ngettext("opens in %(n)s hour", "opens in %(n)s hours", hours) % {"n": hours}
    minutes = max(math.ceil(seconds / 60), 1)
    if left:
        return ngettext("%(n)s minute left", "%(n)s minutes left", minutes) % {"n": minutes}
    return ngettext("opens in %(n)s minute", "opens in %(n)s minutes", minutes) % {"n": minutes}


def remaining_text_changes_in(delta):
    """Seconds until ``remaining_text(delta, …)`` reads differently (a cached countdown is kept
    until then); ``delta`` is the time left now."""
    seconds = max(delta.total_seconds(), 0)
    if seconds >= 86400:
        return seconds - math.floor(seconds / 86400) * 86400
    if seconds >= 3600:
        return seconds - math.floor(seconds / 3600) * 3600
    return seconds - (max(math.ceil(seconds / 60), 1) - 1) * 60


class CommentPlace(Orderable):
    """Where the printed draft lies and paper comments are accepted (town halls etc.)."""

    page = ParentalKey(PlanDraftPage, related_name="comment_places", on_delete=models.CASCADE)
    name = models.CharField(_("place"), max_length=255)
    address = models.CharField(_("address"), max_length=255)
    opening_hours = models.TextField(pgettext_lazy("office", "opening hours"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("address"), FieldPanel("opening_hours")]
    api_fields = [APIField("name"), APIField("address"), APIField("opening_hours")]

    class Meta(Orderable.Meta):
        verbose_name = _("place to comment")
        verbose_name_plural = _("places to comment")
