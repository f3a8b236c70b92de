"""Events and the conference with registration through the form builder."""

import logging

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from kp_plans import ical
from kp_plans.apifields import (
    ProgrammeSlotOut,
    typed_api_field,
)
from kp_plans.blocks import (
    MaterialsBlock,
    ProgrammeBlock,
    TextBlock,
)
from kp_plans.choices import (
    EventKind,
)
from kp_plans.models.mixins import SMALL_TEXT, FailOpenMailMixin, ICalMixin, flooding_reason

# --- Events -------------------------------------------------------------------------------------------


logger = logging.getLogger(__name__)

class EventIndexPage(ICalMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=SMALL_TEXT)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["kp_plans.PlanningSectionPage"]
    subpage_types = ["kp_plans.EventPage", "kp_plans.ConferencePage"]

    class Meta:
        verbose_name = _("event index")
        verbose_name_plural = _("event indexes")

    def events(self):
        return EventPage.objects.live().public().child_of(self)

    def ical_events(self, request):
        return [event.ical_event() for event in self.events()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["upcoming"] = self.events().filter(start__gte=now).order_by("start")
        context["past"] = self.events().filter(start__lt=now).order_by("-start")
        context["conferences"] = ConferencePage.objects.live().public().child_of(self)
        return context


class EventPage(ICalMixin, Page):
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices,
                            default=EventKind.SERVICES_DAY)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    intro = models.TextField(_("summary"), blank=True)
    body = StreamField(TextBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("kind"), FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("place"), FieldPanel("address"), FieldPanel("intro"), FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("kind"), APIField("start"), APIField("end"), APIField("place"),
                  APIField("address"), APIField("intro"), APIField("body")]
    parent_page_types = ["kp_plans.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})

    def ical_event(self):
        location = ", ".join(part for part in [self.place, self.address] if part)
        return ical.Event(uid=f"kp-event-{self.pk}", start=self.start, end=self.end,
                          summary=self.title, location=location, description=self.intro)

    def ical_events(self, request):
        return [self.ical_event()]


# --- Conference ----------------------------------------------------------------------------------


class ConferenceFormField(AbstractFormField):
    page = ParentalKey("kp_plans.ConferencePage", related_name="form_fields",
                       on_delete=models.CASCADE)
    api_fields = [APIField("clean_name"), APIField("label"), APIField("field_type"),
                  APIField("required"), APIField("choices"), APIField("help_text")]


class RegistrationClosed(Exception):
    pass


class ConferencePage(FailOpenMailMixin, ICalMixin, AbstractEmailForm):
    """A conference with a programme and registration (Wagtail's form builder)."""

    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.CharField(_("venue"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=SMALL_TEXT)
    programme = StreamField(ProgrammeBlock(), verbose_name=_("programme"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit."),
    )
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    confirmation_subject = models.CharField(
        _("confirmation e-mail subject"), max_length=255, blank=True,
    )
    confirmation_text = models.TextField(
        _("confirmation e-mail text"), blank=True,
        help_text=_("Sent to the address from the form's e-mail field."),
    )
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=SMALL_TEXT)
    materials = StreamField(MaterialsBlock(), verbose_name=_("materials after the event"),
                            blank=True)

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("venue"), FieldPanel("address"), FieldPanel("intro"),
        FieldPanel("programme"),
        MultiFieldPanel(
            [FieldPanel("capacity"), FieldPanel("registration_closes"),
             InlinePanel("form_fields", label=_("Registration form fields")),
             FieldPanel("thank_you_text")],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [FieldPanel("confirmation_subject"), FieldPanel("confirmation_text"),
             FieldPanel("to_address"), FieldPanel("from_address"), FieldPanel("subject")],
            heading=_("E-mails"),
        ),
        FieldPanel("materials"),
    ]
    api_fields = [
        APIField("start"), APIField("end"), APIField("venue"), APIField("address"),
        APIField("intro"), APIField("programme"),
        typed_api_field("programme_slots", list[ProgrammeSlotOut]),
        APIField("capacity"), APIField("registration_closes"),
        typed_api_field("places_left", int | None),
        typed_api_field("registration_open", bool),
        APIField("materials"), APIField("form_fields"),
    ]
    parent_page_types = ["kp_plans.PlanningSectionPage", "kp_plans.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The conference cannot end before it starts.")})

    @property
    def programme_slots(self):
        return [
            {"start": slot.value["start"], "end": slot.value["end"], "title": slot.value["title"],
             "talks": [dict(talk) for talk in slot.value["talks"]]}
            for slot in self.programme
        ]

    @property
    def places_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.get_submissions().count(), 0)

    @property
    def registration_open(self):
        return self.closed_reason() is None

    def closed_reason(self, now=None):
        now = now or timezone.now()
        if self.registration_closes and now >= self.registration_closes:
            return _("Registration closed on %(date)s.") % {
                "date": timezone.localtime(self.registration_closes).strftime("%-d. %-m. %Y %H:%M")
            }
        if now >= self.end:
            return _("The conference is over.")
        if self.capacity is not None and self.places_left == 0:
            return _("The conference is full; registration is closed.")
        return None

    def register(self, form):
        """Store the registration unless the conference is full or closed.

        Counting and inserting happen in one transaction that holds a lock on the page row
        (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions take the write
        lock at BEGIN), so concurrent registrations cannot overfill the capacity.
        """
        with transaction.atomic():
            locked = ConferencePage.objects.select_for_update().get(pk=self.pk)
            reason = locked.closed_reason()
            if reason:
                raise RegistrationClosed(reason)
            submission = self.process_form_submission(form)
        self.send_confirmation(form)
        return submission

    def registrant_email(self, form):
        for field in self.get_form_fields():
            if field.field_type == "email":
                return form.cleaned_data.get(field.clean_name) or None
        return None

    def send_confirmation(self, form):
        address = self.registrant_email(form)
        if not address:
            return
        subject = self.confirmation_subject or str(
            _("Registration for %(title)s") % {"title": self.title})
        text = self.confirmation_text or str(
            _("Thank you for registering for %(title)s.") % {"title": self.title})
        try:
            send_mail(subject, text, self.from_address or None, [address])
        except Exception:  # noqa: BLE001 - the registration is stored; the page still thanks
            logger.exception("Registration confirmation for conference %s failed", self.pk)

    def serve(self, request, *args, **kwargs):
        if kwargs.get("as_ical"):
            return super().serve(request, *args, **kwargs)
        if request.method == "POST":
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
            closed = self.closed_reason() or flooding_reason(request, "conference")
            if closed:
                form.is_valid()
                form.errors[NON_FIELD_ERRORS] = form.error_class([closed])
            elif form.is_valid():
                try:
                    submission = self.register(form)
                except RegistrationClosed as closed:
                    form.add_error(None, str(closed))
                else:
                    return self.render_landing_page(request, submission, *args, **kwargs)
            context = self.get_context(request)
            context["form"] = form
            from django.template.response import TemplateResponse

            return TemplateResponse(request, self.get_template(request), context, status=200)
        return super().serve(request, *args, **kwargs)

    def ical_events(self, request):
        location = ", ".join(part for part in [self.venue, self.address] if part)
        return [ical.Event(uid=f"kp-conference-{self.pk}", start=self.start, end=self.end,
                           summary=self.title, location=location,
                           description=strip_tags(self.intro))]
