"""Seeds the languages and accessibility features and reads the languages already written as
text ("čeština, ukrajinština") into the new code list, so filters work on existing data."""

import unicodedata

from django.db import migrations


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold().strip()


def seed(apps, schema_editor):
    from kp_catalogue.models.seed import load_structured

    load_structured(apps)
    Language = apps.get_model("kp_catalogue", "Language")
    Service = apps.get_model("kp_catalogue", "Service")
    by_name = {_fold(language.name): language for language in Language.objects.all()}
    for service in Service.objects.exclude(languages="").iterator():
        found = [by_name[_fold(part)] for part in service.languages.split(",")
                 if _fold(part) in by_name]
        if found:
            service.spoken_languages.add(*found)


class Migration(migrations.Migration):

    dependencies = [
        ("kp_catalogue", "0007_structured_hours_access_languages"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
