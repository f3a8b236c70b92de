"""The public "report a problem" form on service and provider pages.

The same defences as the consultation's comment form, rebuilt from the catalogue's own pieces
(the apps may not import each other): a honeypot field, a signed token with the time the form
was shown (too fast = a robot, too old = expired), and a rate limit per address counted by
``kp_catalogue.ratelimit``. Everything is bounded; a refusal answers 4xx with a Czech message
and the form again. A report is stored, then e-mailed to the organisation; a failing mail
server does not lose it (the dashboards show it anyway)."""

import logging
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.utils import get_admin_base_url

from kp_catalogue.models.reports import MAX_REPORT_TEXT, ProblemReport, ReportKind
from kp_catalogue.ratelimit import count

logger = logging.getLogger(__name__)
TOKEN_SALT = "kp_catalogue.report-form"  # noqa: S105 - a signing salt, not a secret
HONEYPOT = "web_adresa"


def setting(name, default):
    return getattr(settings, name, default)


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What is wrong"), choices=ReportKind.choices,
                             widget=forms.RadioSelect)
    text = forms.CharField(label=gettext_lazy("Details"), required=False,
                           max_length=MAX_REPORT_TEXT,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=gettext_lazy("E.g. the right phone number. Do not write "
                                                  "anything about your health or your family."))
    email = forms.EmailField(label=gettext_lazy("Your e-mail (optional)"), required=False,
                             max_length=254,
                             help_text=gettext_lazy("Only if you want an answer. It is never "
                                                    "published."))

    def clean(self):
        data = super().clean()
        if data.get("kind") == ReportKind.OTHER and not data.get("text"):
            self.add_error("text", _("Write what is wrong."))
        return data


def issue_token():
    return signing.dumps({"t": int(time.time())}, salt=TOKEN_SALT)


def check_token(token):
    """None when the form may be accepted, else the Czech reason."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT,
                             max_age=setting("KP_CATALOGUE_REPORT_FORM_MAX_AGE", 6 * 3600))
    except signing.SignatureExpired:
        return _("The form has expired. Reload the page and send it again.")
    except signing.BadSignature:
        return _("The form is damaged. Reload the page and send it again.")
    if time.time() - data["t"] < setting("KP_CATALOGUE_REPORT_MIN_SECONDS", 3):
        return _("The form was sent too quickly after it was opened. Check it and send it "
                 "again.")
    return None


def over_limit(request):
    # Behind a reverse proxy, the proxy must set REMOTE_ADDR (docs/deployment.md).
    ip = request.META.get("REMOTE_ADDR", "")
    return count(f"kp:rate:report:{ip}", setting("KP_CATALOGUE_REPORT_RATE_WINDOW", 3600)) \
        > setting("KP_CATALOGUE_REPORT_RATE_LIMIT", 5)


def notify(report, recipients):
    """E-mail the organisation; a failure is logged, the report is kept."""
    if not recipients:
        return
    context = {"report": report, "admin_url": get_admin_base_url() + "/admin/"}
    try:
        send_mail(subject=_("A problem was reported in the catalogue: %(name)s")
                  % {"name": report.service or report.provider},
                  message=render_to_string("kp_catalogue/emails/problem_report.txt", context),
                  from_email=None, recipient_list=recipients)
    except Exception:  # noqa: BLE001 - any mail backend error; the report is already stored
        logger.exception("Could not e-mail problem report %s", report.pk)


def report_view(request, page, provider, service, back_url, recipients):
    """GET shows the form; POST stores the report and redirects (PRG) to a thank-you."""
    context = page.get_context(request)
    context.update({"provider": provider, "service": service, "back_url": back_url,
                    "honeypot": HONEYPOT, "sent": request.GET.get("odeslano") == "1"})
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST)
        refusal = None
        if request.POST.get(HONEYPOT):
            refusal = _("The form could not be sent. Leave the field marked as not to be "
                        "filled empty.")
        else:
            refusal = check_token(request.POST.get("token"))
        if refusal is None and over_limit(request):
            refusal, status = _("Too many reports from your address in a short time. Please "
                                "wait and try again."), 429
        if refusal is None and form.is_valid():
            report = ProblemReport.objects.create(
                provider=provider, service=service, kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"], email=form.cleaned_data["email"])
            notify(report, recipients)
            return HttpResponseRedirect(request.path + "?odeslano=1")
        if refusal is None:
            refusal = _("Please correct the marked fields.")
        status = status if status != 200 else 400
        context["refusal"] = refusal
    else:
        form = ReportForm()
    context.update({"form": form, "token": issue_token()})
    return TemplateResponse(request, "kp_catalogue/report_problem.html", context, status=status)


def open_reports_exist():
    """For an annotation on services: an unresolved report on the service."""
    return Exists(ProblemReport.objects.filter(service_id=OuterRef("pk"),
                                               resolved_at__isnull=True))
