"""What several page types share: the iCalendar feed of their events, the rich-text features
of short texts and the label/value shape of choices in the API."""

import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.url_routing import RouteResult

from kp_consultation.ratelimit import client_ip, over_limit
from kp_plans import ical

logger = logging.getLogger(__name__)

# Wagtail serves only paths of slug-like segments ending in "/", hence no ".ics" suffix.
ICAL_SLUG = "kalendar"
SMALL_TEXT = ["bold", "italic", "link", "ol", "ul"]


def choice(choices, value):
    return {"value": value or "", "label": str(dict(choices.choices).get(value, value or ""))}


class ICalMixin:
    """Serves ``<page url>kalendar/`` as an iCalendar feed of ``ical_events()``."""

    def route(self, request, path_components):
        if path_components == [ICAL_SLUG]:
            if not self.live:
                raise Http404
            return RouteResult(self, kwargs={"as_ical": True})
        return super().route(request, path_components)

    def serve(self, request, *args, as_ical=False, **kwargs):
        if as_ical:
            body = ical.calendar(self.title, self.ical_events(request), request.get_host())
            response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
            response["Content-Disposition"] = 'inline; filename="kalendar.ics"'
            return response
        return super().serve(request, *args, **kwargs)

    @property
    def ical_url(self):
        return (self.url or "") + ICAL_SLUG + "/"

    def ical_events(self, request):
        return []


def flooding_reason(request, scope):
    """A Czech refusal when one address sends a public form too often, else None. Counts the
    attempt. The conference mails a confirmation to the address typed in, so without a limit
    the form could be used to flood someone's mailbox."""
    limit = getattr(settings, "KP_PLANS_FORM_RATE_LIMIT", 20)
    window = getattr(settings, "KP_PLANS_FORM_RATE_WINDOW", 3600)
    if over_limit(f"kp_plans.{scope}", client_ip(request), limit, window):
        return _("Too many submissions from your address. Please try again later.")
    return None


class FailOpenMailMixin:
    """For Wagtail form pages that e-mail their ``to_address`` about each answer: the answer is
    stored before the e-mail is sent, so a failing or silent mail server (bounded by
    ``EMAIL_TIMEOUT``) is logged and the person still gets the thank-you page; the answer is in
    the admin's submissions either way."""

    def send_mail(self, form):
        try:
            super().send_mail(form)
        except Exception:  # noqa: BLE001 - any mail failure: the answer is already stored
            logger.exception("E-mail about an answer to form page %s failed", self.pk)
