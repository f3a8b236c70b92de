"""Staff area: moderation of comments (wagtail-modeladmin), settlement and decision import."""

from django import forms
from django.contrib.admin import SimpleListFilter
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import CreateView, EditView

from . import admin_views
from .mixins import ConsultationPageMixin
from .models import Channel, Comment, Status


class ConsultationPageFilter(SimpleListFilter):
    title = _("consulted page")
    parameter_name = "page"

    def lookups(self, request, model_admin):
        from wagtail.models import Page

        ids = Comment.objects.values_list("page_id", flat=True).distinct()
        return [(str(page.pk), page.title) for page in Page.objects.filter(pk__in=ids)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(page_id=self.value())
        return queryset


class SectionFilter(SimpleListFilter):
    title = _("section")
    parameter_name = "section"

    def lookups(self, request, model_admin):
        sections = Comment.objects.order_by("section").values_list("section", flat=True)
        return [(s or "-", s or _("Whole document")) for s in sections.distinct()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(section="" if self.value() == "-" else self.value())
        return queryset


class StaffCommentCreateView(CreateView):
    """Comments received on paper, by e-mail or at a meeting are entered as published."""

    def get_instance(self):
        return getattr(self, "instance", None) or Comment(
            channel=Channel.PAPER, status=Status.PUBLISHED)


def offer_next_sections(form, comment):
    """Turn "section in the next draft" into a choice of the next draft's sections, once the
    page has a next version (the model validates the anchor either way)."""
    field = form.fields.get("next_section")
    page = comment.page.specific if comment.page_id else None
    sections = page.successor_sections() if isinstance(page, ConsultationPageMixin) else []
    if field is None or not sections:
        return
    choices = [("", _("(none)"))] + [
        (s.anchor, f"{s.number}. {s.title}" if s.number else s.title) for s in sections]
    if comment.next_section and comment.next_section not in {s.anchor for s in sections}:
        choices.append((comment.next_section, comment.next_section))  # shown, then refused
    field.widget = forms.Select(choices=choices)


class StaffCommentEditView(EditView):
    """Records who changed a comment's status, as the bulk actions do, and offers the next
    draft's sections as choices."""

    def get_form(self):
        form = super().get_form()
        offer_next_sections(form, self.instance)
        return form

    def form_valid(self, form):
        if "status" in form.changed_data:
            form.instance.moderated_at = timezone.now()
            form.instance.moderated_by = self.request.user
        return super().form_valid(form)


class CommentAdmin(ModelAdmin):
    model = Comment
    menu_label = _("Comments")
    menu_icon = "comment"
    menu_order = 250
    add_to_settings_menu = False
    create_view_class = StaffCommentCreateView
    edit_view_class = StaffCommentEditView
    index_template_name = "kp_consultation/admin/comment_index.html"
    list_display = ("select", "excerpt", "page", "section", "status", "role", "channel",
                    "decision", "created_at")
    list_filter = (ConsultationPageFilter, SectionFilter, "status", "role", "channel", "decision")
    search_fields = ("text", "author_name", "organisation", "municipality")
    list_per_page = 50
    ordering = ["-created_at"]
    edit_handler = ObjectList([
        FieldPanel("page"),
        FieldPanel("section"),
        FieldPanel("paragraph"),
        FieldPanel("text"),
        FieldPanel("channel"),
        MultiFieldPanel([
            FieldPanel("author_name"), FieldPanel("organisation"), FieldPanel("role"),
            FieldPanel("municipality"), FieldPanel("email"), FieldPanel("consent"),
        ], heading=_("Author")),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("moderation_reason")],
                        heading=_("Moderation")),
        MultiFieldPanel([
            FieldPanel("decision"), FieldPanel("decision_reason"),
            FieldPanel("responsible_group"), FieldPanel("next_section"),
            FieldPanel("next_draft_link"),
        ], heading=_("Settlement")),
    ])

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("page")

    @admin_views.column(_("select"))
    def select(self, obj):
        return format_html(
            '<input type="checkbox" name="ids" value="{}" form="kpc-bulk" aria-label="{} {}">',
            obj.pk, _("Select comment"), obj.pk)

    @admin_views.column(_("comment"))
    def excerpt(self, obj):
        return Truncator(obj.text).chars(120)


modeladmin_register(CommentAdmin)


@hooks.register("register_admin_urls")
def consultation_admin_urls():
    return [
        path("konzultace/", admin_views.overview, name="kp_consultation_overview"),
        path("konzultace/hromadne/", admin_views.bulk_moderate, name="kp_consultation_bulk"),
        path("konzultace/<int:page_id>/vyporadat/", admin_views.settle_view,
             name="kp_consultation_settle"),
        path("konzultace/<int:page_id>/papirove/", admin_views.paper_intake,
             name="kp_consultation_paper"),
        path("konzultace/<int:page_id>/import/", admin_views.import_decisions,
             name="kp_consultation_import"),
    ]


class OverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("kp_consultation.change_comment")


@hooks.register("register_admin_menu_item")
def consultation_menu_item():
    return OverviewMenuItem(_("Consultations"), reverse("kp_consultation_overview"),
                            icon_name="clipboard-list", order=249)
