"""The process evaluation's form and results.

The form reuses the public forms' defences: the consultation's signed form token (fill time,
one submission per rendered form), a honeypot field, and the plans' per-address rate limit.
Results are computed in one query; see ``results_for`` for how small groups are kept from
being identified.
"""

import time

from django import forms
from django.db.models import Avg, Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kp_consultation import conf as consultation_conf
from kp_consultation.submission import SubmissionRefused, issue_form_token, read_form_token
from kp_plans.models.mixins import flooding_reason

QUESTIONS = [
    ("information", _("I had enough information to take part.")),
    ("influence", _("I could influence what the structure decided.")),
    ("meetings", _("The meetings were well prepared and led.")),
    ("use", _("The structure's work was used in the plan.")),
    ("overall", _("Overall, taking part was worth my time.")),
]
SCALE = [
    (1, _("strongly disagree")), (2, _("disagree")), (3, _("neither agree nor disagree")),
    (4, _("agree")), (5, _("strongly agree")),
]


class EvaluationForm(forms.Form):
    structure = forms.ModelChoiceField(queryset=None, label=_("Which structure do you answer for?"),
                                       empty_label=_("Choose"))
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = page.structures.all().order_by("title")
        for name, label in QUESTIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=SCALE, coerce=int, widget=forms.RadioSelect)
        order = ["structure", *[name for name, _label in QUESTIONS], "token"]
        self.order_fields(order)

    def question_fields(self):
        return [self[name] for name, _label in QUESTIONS]


def handle_submission(page, request):
    """GET shows the form; POST checks the defences, stores the answers and redirects."""
    if request.method == "POST":
        form = EvaluationForm(request.POST, page=page)
        refusal = status = None
        if not page.is_open:
            refusal, status = gettext("The questionnaire is closed."), 403
        elif request.POST.get("website"):
            refusal, status = gettext("The form could not be sent. Leave the field marked as "
                                      "not to be filled empty."), 400
        if refusal is None and form.is_valid():
            try:
                nonce, rendered_at = read_form_token(form.cleaned_data["token"])
                if time.time() - rendered_at < consultation_conf.get(
                        "KP_CONSULTATION_MIN_FILL_SECONDS"):
                    raise SubmissionRefused(gettext(
                        "The form was sent too quickly after it was opened. Check your answers "
                        "and send it again."))
            except SubmissionRefused as error:
                refusal, status = str(error.message), 400
            else:
                refusal = flooding_reason(request, "evaluation")
                status = 429 if refusal else None
                if refusal is None:
                    if not page.responses.filter(nonce=nonce).exists():
                        page.responses.create(nonce=nonce, **{
                            key: value for key, value in form.cleaned_data.items()
                            if key != "token"})
                    return HttpResponseRedirect(page.url + "?odeslano=1")
        if refusal:
            form.add_error(None, refusal)
        return render_form(page, request, form, status or 400)
    return render_form(page, request, EvaluationForm(
        initial={"token": issue_form_token()}, page=page), 200)


def render_form(page, request, form, status):
    if form.is_bound:
        # A fresh token for the next try; the answers stay.
        data = form.data.copy()
        data["token"] = issue_form_token()
        form.data = data
    context = page.get_context(request)
    context.update({"form": form, "sent": request.GET.get("odeslano") == "1"})
    return TemplateResponse(request, page.get_template(request), context, status=status)


def results_for(page):
    """Results per structure, with small groups merged or left out. One query.

    A structure with at least ``min_group_size`` answers is shown on its own. The others are
    merged into one "other structures" row, shown only when it reaches the minimum too. The
    total counts only the rows shown, so no hidden group can be computed back from it.
    """
    minimum = page.min_group_size
    fields = [name for name, _label in QUESTIONS]
    rows = list(page.responses.values("structure", "structure__title")
                .annotate(count=Count("pk"), **{f"avg_{f}": Avg(f) for f in fields})
                .order_by("structure__title"))
    shown, small = [], []
    for row in rows:
        (shown if row["count"] >= minimum else small).append(row)

    def summary(label, group):
        count = sum(row["count"] for row in group)
        means = [round(sum(row[f"avg_{f}"] * row["count"] for row in group) / count, 1)
                 for f in fields]
        return {"label": label, "count": count,
                "means": [{"question": str(q), "mean": mean, "width": round(80 * mean),
                           "y": 10 + index * 36}
                          for index, ((_n, q), mean) in enumerate(zip(QUESTIONS, means, strict=True))]}

    result = [summary(row["structure__title"], [row]) for row in shown]
    others_count = sum(row["count"] for row in small)
    others_shown = others_count >= minimum
    if others_shown:
        result.append(summary(gettext("Other structures (merged)"), small))
    counted = shown + (small if others_shown else [])
    return {
        "rows": result,
        "total": summary(gettext("All shown"), counted) if counted else None,
        "hidden": len(small) if not others_shown else 0,
        "minimum": minimum,
        "questions": [str(q) for _n, q in QUESTIONS],
        "chart_height": 20 + 36 * len(QUESTIONS),
    }
