"""The admin page that imports a ČSÚ CSV of inhabitants (link on the population list).

Open to those who may add population figures; the file is read in the request and never
stored, and ``import_population`` saves all or nothing.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kp_catalogue.exchange.importing.limits import FileRejected
from kp_plans.population.importing import import_population
from kp_plans.population.reading import max_bytes

PERMISSION = "kp_plans.add_populationfigure"


class PopulationUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file of the Czech Statistical Office"))
    source = forms.CharField(label=gettext_lazy("Source"), max_length=255, required=False,
                             help_text=gettext_lazy("Empty: \"ČSÚ, Počet obyvatel v obcích\"."))
    approximate = forms.BooleanField(label=gettext_lazy("The figures are approximate"),
                                     required=False)

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > max_bytes():
            raise forms.ValidationError(_("The file is larger than %(size)s MB.")
                                        % {"size": round(max_bytes() / 1024 / 1024, 1)})
        return file


def upload_population(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    form = PopulationUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = import_population(
                    form.cleaned_data["file"].read(), source=form.cleaned_data["source"],
                    approximate=form.cleaned_data["approximate"])
            except FileRejected as error:
                form.add_error("file", str(error))
            else:
                messages.success(request, _(
                    "Imported: %(created)s new and %(updated)s updated figures; municipalities "
                    "outside the area left out: %(unknown)s.") % {
                    "created": report.created, "updated": report.updated,
                    "unknown": len(report.unknown_codes)})
                return redirect("wagtailsnippets_kp_plans_populationfigure:list")
        status = 400
    return TemplateResponse(request, "kp_plans/admin/population_upload.html",
                            {"form": form}, status=status)
