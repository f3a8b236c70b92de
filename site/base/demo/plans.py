"""The planning cycle of VM+K: working groups, the community plan 2012–2016 with its drafts and
an action plan, the September 2012 conference, a Social Services Day and a needs survey.

People are fictional; their contacts use example.cz and are never shown on the site.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from kp_plans.models import (
    ActionPlanItem,
    ActionPlanPage,
    CommentPlace,
    CommunityPlanPage,
    ConferenceFormField,
    ConferencePage,
    EventIndexPage,
    EventPage,
    GroupMember,
    Meeting,
    NeedsSurveyPage,
    PlanDraftPage,
    PlanningSectionPage,
    SurveyFormField,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)

from .helpers import child_page

PRAGUE = ZoneInfo("Europe/Prague")


def at(year, month, day, hour=0, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=PRAGUE)


def paragraph(html):
    return ("paragraph", html)


def with_children(parent, page_class, slug, children, **fields):
    """Like ``child_page``, but adds inline children (members, meetings…) on creation only."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = page_class(slug=slug, **fields)
    for relation, items in children.items():
        for item in items:
            getattr(page, relation).add(item)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


# --- Working groups -----------------------------------------------------------------------------

GROUPS = [
    # slug, title, kind, target group, manager, SWOT (strengths, weaknesses, opportunities, threats)
    ("seniori", "Senioři", "working_group", "seniors", "Marie Dvořáková",
     ("Pečovatelská služba ve všech větších obcích\nAktivní kluby seniorů",
      "Chybí odlehčovací služba\nMalé obce bez terénních služeb",
      "Krajské dotace na terénní služby\nSpolupráce s praktickými lékaři",
      "Stárnutí obyvatel\nNejisté financování ze státního rozpočtu")),
    ("zdravotne-postizeni", "Zdravotně postižení", "working_group", "disabled", "Pavel Kučera",
     ("Fungující sociálně terapeutická dílna", "Nedostatek chráněného bydlení",
      "Evropské fondy na bezbariérové úpravy", "Bariéry v dopravě")),
    ("rodiny-s-detmi", "Rodiny s dětmi, děti a mládež", "working_group", "families",
     "Lenka Procházková",
     ("Nízkoprahový klub ve Valašském Meziříčí", "Málo aktivit pro mládež v obcích",
      "Spolupráce se školami", "Nárůst rodin v dluzích")),
    ("obcane-v-krizi", "Občané v krizi a nouzi", "working_group", "crisis", "Tomáš Veselý",
     ("Azylový dům v regionu", "Chybí noclehárna", "Sociální bydlení obcí",
      "Růst nákladů na bydlení")),
    ("zavislosti", "Občané ohrožení závislostmi", "working_group", "addiction", "Jiří Marek",
     ("Kontaktní centrum a terénní program", "Slabá prevence na základních školách",
      "Preventivní programy kraje", "Nové syntetické drogy")),
    ("podpora-zdravi", "Podpora zdraví", "working_group", "health", "Alena Černá",
     ("Zapojení zdravotníků", "Slabá informovanost o službách", "Projekty zdravých měst",
      "Nedostatek praktických lékařů")),
    ("manazersky-tym", "Manažerský tým", "management_team", "", "Eva Horáková",
     ("Zkušení manažeři skupin", "Časová náročnost", "Sdílení zkušeností s jinými regiony",
      "Odchod klíčových lidí")),
    ("skupina-pro-dohodu", "Skupina pro dohodu", "agreement_group", "", "Petr Novotný",
     ("Zástupci všech obcí svazku", "Rozdílné priority obcí", "Společné financování sítě služeb",
      "Změny ve vedení obcí")),
]

MEMBERS = [
    ("Jana Malá", "Město Valašské Meziříčí", "commissioner"),
    ("Karel Beneš", "Charita Valašské Meziříčí", "provider"),
    ("Věra Horká", "", "service_user"),
]


def load_groups(section, now):
    index = child_page(section, WorkingGroupIndexPage, "pracovni-skupiny",
                       title="Pracovní skupiny",
                       intro="<p>Skupiny pracují na principu triády: zadavatelé, poskytovatelé a "
                             "uživatelé služeb.</p>")
    groups = []
    for number, (slug, title, kind, target, manager, swot) in enumerate(GROUPS):
        strengths, weaknesses, opportunities, threats = swot
        login = slug.replace("-", ".")
        members = [
            GroupMember(name=name, organisation=organisation, triad_role=role,
                        email=f"{login}.clen{i}@example.cz")
            for i, (name, organisation, role) in enumerate(MEMBERS)
        ]
        meetings = [
            Meeting(start=at(2011, 6, 2 + number, 14), place="Zasedací místnost MěÚ Valašské Meziříčí",
                    agenda="Ustavující schůzka, volba manažera", minutes="Skupina se ustavila "
                    "a zvolila manažera. Dohodnut harmonogram SWOT analýzy.", attendance=9 + number),
            Meeting(start=at(2011, 10, 4 + number, 14), place="Sál Městského úřadu Kelč",
                    agenda="SWOT analýza cílové skupiny", minutes="SWOT analýza schválena.",
                    attendance=8 + number),
            Meeting(start=timezone.localtime(now).replace(hour=15, minute=0, second=0,
                                                          microsecond=0)
                    + dt.timedelta(days=14 + number),
                    place="Zasedací místnost MěÚ Valašské Meziříčí",
                    agenda="Připomínky k návrhu plánu, verze 2.0"),
        ]
        group = with_children(
            index, WorkingGroupPage, slug, {"members": members, "meetings": meetings},
            title=title, kind=kind, target_group=target,
            intro=f"Skupina {title} připravuje podklady komunitního plánu.",
            manager_name=manager, manager_email=f"{login}.manazer@example.cz",
            manager_phone="+420 600 000 000", strengths=strengths, weaknesses=weaknesses,
            opportunities=opportunities, threats=threats,
        )
        groups.append(group)
    return index, groups


# --- The plan -------------------------------------------------------------------------------------


def measure(number, title, description, groups, responsible, cost, indicators,
            partners="Poskytovatelé sociálních služeb", funding="Rozpočty obcí, Zlínský kraj, MPSV",
            start=2013, end=2016):
    return {"number": number, "title": title, "description": description,
            "target_groups": groups, "responsible": responsible, "partners": partners,
            "funding_sources": funding, "estimated_cost": Decimal(cost),
            "indicators": indicators, "start_year": start, "end_year": end}


PRIORITIES = [
    (1, "systemic", "Rozvoj komunitního plánování a informovanosti", [
        measure(1, "Udržení organizační struktury komunitního plánování",
                "Pracovní skupiny, manažerský tým a skupina pro dohodu pokračují v činnosti.",
                [], "Svazek obcí", "120000", ["Počet setkání skupin za rok"], start=2012),
        measure(2, "Aktualizace elektronického katalogu sociálních služeb",
                "Poskytovatelé aktualizují své služby v katalogu sami, nejméně jednou ročně.",
                [], "Koordinátor KP", "40000", ["Podíl aktualizovaných služeb"]),
        measure(3, "Informování veřejnosti o sociálních službách",
                "Dny sociálních služeb, tištěný katalog, články ve zpravodajích obcí.",
                [], "Svazek obcí", "60000", ["Počet akcí pro veřejnost", "Náklad katalogu"]),
    ]),
    (2, "group", "Senioři", [
        measure(1, "Rozšíření pečovatelské služby do menších obcí",
                "Terénní pečovatelská služba i o víkendech v obcích do 1 000 obyvatel.",
                ["seniors"], "Město Valašské Meziříčí", "850000", ["Počet obsloužených obcí"]),
        measure(2, "Zavedení odlehčovací služby",
                "Pobytová i terénní odlehčovací služba pro pečující rodiny.",
                ["seniors", "disabled"], "Charita Valašské Meziříčí", "1200000",
                ["Počet lůžek", "Počet podpořených rodin"]),
        measure(3, "Podpora sociálně aktivizačních služeb pro seniory",
                "Kluby seniorů a vzdělávací aktivity.", ["seniors"], "Obce svazku", "150000",
                ["Počet účastníků"]),
    ]),
    (3, "group", "Zdravotně postižení", [
        measure(1, "Rozvoj osobní asistence", "Navýšení kapacity osobní asistence.",
                ["disabled"], "Poskytovatelé", "600000", ["Počet hodin asistence"]),
        measure(2, "Chráněné bydlení", "Příprava chráněného bydlení pro šest osob.",
                ["disabled"], "Město Valašské Meziříčí", "3500000", ["Počet míst"], start=2014),
        measure(3, "Odstraňování bariér ve veřejných budovách",
                "Bezbariérové vstupy do úřadů a zdravotnických zařízení.", ["disabled", "seniors"],
                "Obce svazku", "900000", ["Počet upravených budov"]),
    ]),
    (4, "group", "Rodiny s dětmi, děti a mládež", [
        measure(1, "Nízkoprahové zařízení pro děti a mládež v Kelči",
                "Otevření pobočky nízkoprahového klubu.", ["families"], "Městys Kelč",
                "450000", ["Počet kontaktů"]),
        measure(2, "Sociálně aktivizační služby pro rodiny s dětmi",
                "Terénní práce s rodinami ohroženými odebráním dětí.", ["families", "crisis"],
                "Poskytovatelé", "500000", ["Počet rodin"]),
    ]),
    (5, "group", "Občané v krizi a nouzi", [
        measure(1, "Noclehárna", "Zřízení noclehárny s deseti lůžky.", ["crisis"],
                "Město Valašské Meziříčí", "1800000", ["Počet lůžek", "Využití kapacity"],
                start=2014),
        measure(2, "Terénní programy v sociálně vyloučených lokalitách",
                "Terénní sociální práce.", ["crisis", "addiction"], "Poskytovatelé", "400000",
                ["Počet intervencí"]),
    ]),
    (6, "group", "Občané ohrožení závislostmi", [
        measure(1, "Udržení kontaktního centra", "Kontaktní centrum s výměnným programem.",
                ["addiction"], "Poskytovatelé", "700000", ["Počet kontaktů"]),
        measure(2, "Primární prevence na školách", "Preventivní programy pro žáky 6.–9. tříd.",
                ["addiction", "families"], "Školy a obce", "200000", ["Počet tříd"]),
    ]),
    (7, "group", "Podpora zdraví", [
        measure(1, "Informační kampaň o dostupných službách",
                "Letáky v ordinacích a lékárnách.", ["health"], "Svazek obcí", "50000",
                ["Počet distribučních míst"]),
    ]),
]


def priorities():
    return [("priority", {"number": number, "kind": kind, "title": title, "description": "",
                          "measures": measures})
            for number, kind, title, measures in PRIORITIES]


def draft_sections(version):
    newer = version == "2.0"
    return [
        ("section", {"title": "Úvod", "anchor": "", "body":
            "<p>Komunitní plán sociálních služeb mikroregionu na léta 2012–2016 vznikl "
            f"v letech {'2011–2012' if newer else '2011'} za účasti zadavatelů, poskytovatelů "
            "a uživatelů služeb.</p>"}),
        ("section", {"title": "Analýza zdrojů a potřeb", "anchor": "", "body":
            "<p>V mikroregionu působí 24 registrovaných sociálních služeb. Dotazníkového "
            f"šetření se zúčastnilo {'612' if newer else '540'} respondentů.</p>"}),
        ("section", {"title": "Senioři", "anchor": "", "body":
            "<p>Hlavní potřebou je dostupnost pečovatelské služby v malých obcích"
            f"{' a odlehčovací služba pro pečující rodiny' if newer else ''}.</p>"}),
        ("section", {"title": "Rodiny s dětmi, děti a mládež", "anchor": "", "body":
            "<p>Chybí nízkoprahové zařízení mimo Valašské Meziříčí.</p>"}),
        *([("section", {"title": "Financování", "anchor": "", "body":
            "<p>Služby jsou financovány z rozpočtů obcí, kraje a státní dotace.</p>"})]
          if newer else []),
    ]


PLACES = [
    ("Městský úřad Valašské Meziříčí, podatelna", "Náměstí 7, 757 01 Valašské Meziříčí",
     "Po, St 8:00–17:00\nÚt, Čt 8:00–14:00\nPá 8:00–12:00"),
    ("Úřad městyse Kelč", "Kelč 1, 756 43 Kelč", "Po, St 7:30–17:00"),
]


def load_plan(section, groups, now):
    plan = CommunityPlanPage.objects.child_of(section).filter(slug="komunitni-plan-2012-2016").first()
    if plan is None:
        plan = CommunityPlanPage(
            slug="komunitni-plan-2012-2016", title="Komunitní plán sociálních služeb 2012–2016",
            intro="Střednědobý plán rozvoje sociálních služeb mikroregionu Valašskomeziříčsko-Kelečsko.",
            period_start=2012, period_end=2016, status="approved",
            approved_by="Valná hromada Svazku obcí Mikroregionu Valašskomeziříčsko-Kelečsko",
            approval_date=dt.date(2012, 6, 21), resolution_number="VH 2/2012",
            regional_plan_title="Střednědobý plán rozvoje sociálních služeb Zlínského kraje",
            regional_plan_url="https://kraj.example.cz/strednedoby-plan",
            analysis=[paragraph(
                "<p>Analýza vychází ze sedmi SWOT analýz pracovních skupin, dotazníkového "
                "šetření potřeb uživatelů a z analýzy sociální infrastruktury, mobility "
                "a bezbariérovosti.</p>")],
            strategy=[paragraph(
                "<p>Cílem je dostupná síť služeb ve všech obcích svazku: terénní služby "
                "přednostně, pobytové tam, kde terénní nestačí.</p>")],
            priorities=priorities(),
        )
        plan.working_groups = [g for g in groups if g.kind == "working_group"]
        section.add_child(instance=plan)
        plan.save_revision().publish()

    old = with_children(
        plan, PlanDraftPage, "navrh-verze-1", {"comment_places": [
            CommentPlace(name=name, address=address, opening_hours=hours)
            for name, address, hours in PLACES]},
        title="Návrh komunitního plánu – verze 1.0", version_label="1.0",
        intro="První návrh plánu, zveřejněný k připomínkám v březnu 2012.",
        body=draft_sections("1.0"),
        comment_period_start=at(2012, 3, 1), comment_period_end=at(2012, 4, 1),
    )
    with_children(
        plan, PlanDraftPage, "navrh-verze-2", {"comment_places": [
            CommentPlace(name=name, address=address, opening_hours=hours)
            for name, address, hours in PLACES]},
        title="Návrh komunitního plánu – verze 2.0", version_label="2.0", previous_draft=old,
        intro="Druhý návrh plánu po vypořádání připomínek k verzi 1.0.",
        changelog="<ul><li>Doplněn oddíl Financování.</li><li>Aktualizována čísla z "
                  "dotazníkového šetření.</li><li>Doplněna odlehčovací služba u seniorů.</li></ul>",
        body=draft_sections("2.0"),
        comment_period_start=now - dt.timedelta(days=7),
        comment_period_end=now + dt.timedelta(days=23),
    )
    items = [
        ("1.1", "Čtyři setkání každé pracovní skupiny.", "Koordinátor KP", "30000", "done",
         "Splněno, průměrná účast 9 osob."),
        ("1.2", "Aktualizace katalogu všemi poskytovateli.", "Koordinátor KP", "10000", "done",
         "Aktualizovalo 22 z 24 služeb."),
        ("2.1", "Pečovatelská služba v obcích Police a Oznice.", "Město Valašské Meziříčí",
         "210000", "in_progress", "Služba zahájena v Polici."),
        ("2.2", "Projekt odlehčovací služby.", "Charita Valašské Meziříčí", "80000", "not_done",
         "Dotace nebyla přidělena."),
        ("4.1", "Pobočka nízkoprahového klubu v Kelči.", "Městys Kelč", "120000", "done", ""),
        ("5.1", "Studie proveditelnosti noclehárny.", "Město Valašské Meziříčí", "40000",
         "cancelled", "Přesunuto do roku 2014."),
        ("6.2", "Preventivní programy v pěti školách.", "Školy", "50000", "not_started", ""),
    ]
    with_children(
        plan, ActionPlanPage, "akcni-plan-2013", {"items": [
            ActionPlanItem(sort_order=n, measure_code=code, activities=activities,
                           responsible=responsible, budget=Decimal(budget), status=status,
                           evaluation=evaluation)
            for n, (code, activities, responsible, budget, status, evaluation) in enumerate(items)
        ]},
        title="Akční plán na rok 2013", year=2013,
        intro="Co z komunitního plánu uskutečníme v roce 2013 a jak se to podařilo.",
    )
    return plan


# --- Events, conference, survey ----------------------------------------------------------------------

PROGRAMME = [
    (dt.time(9, 0), dt.time(9, 30), "Zahájení", [
        ("Úvodní slovo předsedy svazku obcí", "Ing. Josef Kovář", "Svazek obcí VM+K", "")]),
    (dt.time(9, 30), dt.time(11, 0), "Komunitní plánování v mikroregionu", [
        ("Jak vznikal komunitní plán 2012–2016", "Mgr. Eva Horáková", "Koordinátorka KP",
         "Vede komunitní plánování v mikroregionu od roku 2011."),
        ("Zkušenosti poskytovatelů", "Bc. Karel Beneš", "Charita Valašské Meziříčí",
         "Vedoucí pečovatelské služby."),
    ]),
    (dt.time(11, 15), dt.time(12, 30), "Plánování v kraji", [
        ("Krajský střednědobý plán a obce", "PhDr. Hana Slezáková", "Krajský úřad",
         "Metodička sociálních služeb.")]),
    (dt.time(13, 30), dt.time(15, 0), "Diskuse a závěry", []),
]


def load_events(section, now):
    events = child_page(section, EventIndexPage, "akce", title="Akce",
                        intro="<p>Dny sociálních služeb, školení a veřejná setkání.</p>")
    child_page(events, EventPage, "den-socialnich-sluzeb-2012",
               title="Den sociálních služeb 2012", kind="services_day",
               start=at(2012, 9, 12, 9), end=at(2012, 9, 12, 16),
               place="Náměstí ve Valašském Meziříčí", address="Náměstí, 757 01 Valašské Meziříčí",
               intro="Poskytovatelé představili své služby ve stáncích na náměstí.")
    child_page(events, EventPage, "den-socialnich-sluzeb",
               title="Den sociálních služeb", kind="services_day",
               start=timezone.localtime(now).replace(hour=9, minute=0, second=0, microsecond=0)
               + dt.timedelta(days=40),
               place="Náměstí ve Valašském Meziříčí", address="Náměstí, 757 01 Valašské Meziříčí",
               intro="Přijďte se seznámit se sociálními službami v regionu.")
    fields = [
        ConferenceFormField(sort_order=0, label="Jméno a příjmení", field_type="singleline",
                            required=True),
        ConferenceFormField(sort_order=1, label="Organizace", field_type="singleline",
                            required=False),
        ConferenceFormField(sort_order=2, label="E-mail", field_type="email", required=True),
        ConferenceFormField(sort_order=3, label="Jste", field_type="dropdown", required=True,
                            choices="zadavatel\nposkytovatel\nuživatel\nveřejnost"),
    ]
    with_children(
        section, ConferencePage, "konference-2012", {"form_fields": fields},
        title="Odborná konference Komunitní plánování sociálních služeb",
        start=at(2012, 9, 20, 9), end=at(2012, 9, 20, 15),
        venue="Zámek Žerotínů", address="Náměstí 7, 757 01 Valašské Meziříčí",
        intro="<p>Závěrečná konference projektu: výsledky komunitního plánování a jeho "
              "pokračování.</p>",
        programme=[("slot", {"start": start, "end": end, "title": title, "talks": [
            {"title": talk, "speaker": speaker, "affiliation": affiliation, "bio": bio}
            for talk, speaker, affiliation, bio in talks]})
            for start, end, title, talks in PROGRAMME],
        capacity=120, registration_closes=at(2012, 9, 17, 12),
        confirmation_subject="Registrace na konferenci",
        confirmation_text="Děkujeme za registraci. Těšíme se na vás 20. 9. 2012 v 9:00.",
        from_address="kpss@example.cz",
    )
    questions = [
        SurveyFormField(sort_order=0, label="Jste", field_type="dropdown", required=True,
                        choices="uživatel služby\npečující osoba\nposkytovatel\nveřejnost"),
        SurveyFormField(sort_order=1, label="Ve které obci žijete?", field_type="singleline",
                        required=False),
        SurveyFormField(sort_order=2, label="Kterou sociální službu postrádáte?",
                        field_type="multiline", required=True),
    ]
    with_children(
        section, NeedsSurveyPage, "dotaznik-potreb", {"form_fields": questions},
        title="Dotazník potřeb uživatelů sociálních služeb",
        intro="<p>Dotazník je anonymní. Odpovědi pomohou pracovním skupinám.</p>",
        thank_you_text="<p>Odpovědi zpracují pracovní skupiny.</p>",
    )
    return events


def load(home, out):
    now = timezone.now()
    section = child_page(
        home, PlanningSectionPage, "komunitni-planovani", title="Komunitní plánování",
        intro="<p>Pracovní skupiny, komunitní plán, návrhy k připomínkám, akční plány a akce.</p>",
        show_in_menus=True,
    )
    index, groups = load_groups(section, now)
    plan = load_plan(section, groups, now)
    load_events(section, now)
    out(f"Komunitní plánování: {len(groups)} skupin, {plan.title}, návrhy, akční plán, "
        "konference, akce, dotazník")
