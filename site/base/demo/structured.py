"""Opening hours, accessibility features and languages on the demo's services: some open on
Saturday, some barrier-free, a couple speaking Ukrainian, so the catalogue's filters
"otevřeno v sobotu", "bezbariérový přístup" and "mluví ukrajinsky" have something to find;
and one open problem report from the public, on the demo provider account's organisation.

Written as a published revision (as an approved edit would be), and only on services that
have none yet and no pending draft, so running the demo again changes nothing."""

import datetime as dt

from django.apps import apps

from kp_catalogue.models import AccessibilityFeature, Language, ProblemReport, Service, seed
from kp_catalogue.models.hours import parse_exceptions, parse_weekly

BARRIER_FREE = AccessibilityFeature.BARRIER_FREE
# service name -> (weekly hours, exceptions with {year}, accessibility codes, language codes)
DATA = {
    "Odborné sociální poradenství Charity": (
        "Po, St 8:00–12:00, 13:00–17:00; Út, Čt 8:00–12:00; So 9:00–11:00",
        "24. 12. {year} zavřeno – Štědrý den\n31. 12. {year} 8:00–11:00 – zkrácená doba",
        [BARRIER_FREE, "bezbarierova-toaleta", "indukcni-smycka"], ["cs", "uk", "ru"]),
    "Krizová pomoc Most": ("Po–Ne 0:00–24:00", "", [BARRIER_FREE], ["cs", "uk", "en"]),
    "Linka důvěry Valašsko": ("Po–Ne 0:00–24:00", "", [], ["cs", "sk"]),
    "Kontaktní centrum Most": ("Po–Pá 10:00–18:00; So 10:00–14:00", "", [], ["cs"]),
    "Noclehárna Charity": ("Po–Ne 0:00–7:00, 19:00–24:00", "", ["castecne-bezbarierovy"],
                           ["cs"]),
    "Domov pro seniory Zašová": (
        "Po–Ne 9:00–18:00", "24. 12. {year} 9:00–14:00 – návštěvy do 14 hodin",
        [BARRIER_FREE, "vytah", "bezbarierova-toaleta", "parkovani-ztp"], ["cs", "de"]),
    "Centrum denních služeb Krhová": ("Po–Pá 7:00–15:30", "",
                                      [BARRIER_FREE, "vytah", "parkovani-ztp"], ["cs"]),
    "Raná péče Náruč": ("Po–Čt 8:00–16:00; Pá 8:00–12:00", "", [BARRIER_FREE],
                        ["cs", "cse"]),
    "Nízkoprahový klub pro děti a mládež Most": ("Po–Pá 13:00–18:00; So 14:00–18:00", "",
                                                 [], ["cs", "uk"]),
}
DEFAULT = ("Po–Pá 7:00–15:30", "", [], ["cs"])


def load(home, out):
    seed.load_structured(apps)  # a flushed test database has lost the code lists
    year = dt.date.today().year
    features = {item.code: item for item in AccessibilityFeature.objects.all()}
    languages = {item.code: item for item in Language.objects.all()}
    changed = 0
    for service in Service.objects.filter(live=True, provider__name__endswith="(demo)"):
        if service.has_unpublished_changes or service.spoken_languages.exists():
            continue
        hours, exceptions, access, spoken = DATA.get(service.name, DEFAULT)
        draft = service.get_latest_revision_as_object()
        locations = list(draft.locations.all())
        for location in locations:
            if location.secret_address:
                continue
            location.opening_hours = parse_weekly(hours)
            location.hours_exceptions = parse_exceptions(exceptions.format(year=year))
            codes = access or ([BARRIER_FREE] if "Bezbariérový" in location.accessibility else [])
            location.accessibility_features = [features[code] for code in codes]
        draft.locations = locations
        draft.spoken_languages = [languages[code] for code in spoken]
        draft.save_revision().publish()
        changed += 1
    out(f"Provozní doba, přístupnost a jazyky: {changed} služeb doplněno")

    reported = Service.objects.filter(name="Pečovatelská služba Charity", live=True).first()
    if reported is not None and not ProblemReport.objects.filter(service=reported).exists():
        ProblemReport.objects.create(
            provider=reported.provider, service=reported, kind="contact",
            text="Telefon 571 601 101 nikdo nebere, prý se změnilo číslo na dispečink.")
        out("Hlášení problému: 1 otevřené (Pečovatelská služba Charity)")
