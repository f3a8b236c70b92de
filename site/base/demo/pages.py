"""The site's own pages: home, what community planning is, the ESF project, news, and the
accessibility and personal-data statements."""

import datetime as dt
from decimal import Decimal

from kpsite.base.models import SiteSettings
from kpsite.news.models import NewsIndexPage, NewsPage
from kpsite.projects.models import ProjectActivity, ProjectPage
from kpsite.standardpages.models import TextPage

from .helpers import child_page


def paragraph(html):
    return ("paragraph", html)


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


ABOUT_BODY = [
    paragraph(
        "<p>Komunitní plánování sociálních služeb je způsob, jak obce společně s poskytovateli "
        "a s lidmi, kteří služby potřebují, rozhodují, jaké sociální služby mají v regionu být. "
        "Zákon č. 108/2006 Sb., o sociálních službách, ukládá krajům zpracovat střednědobý plán "
        "rozvoje sociálních služeb; obce a jejich svazky plánují obdobně na své úrovni.</p>"
    ),
    heading("Kdo plánuje: triáda"),
    paragraph(
        "<ul><li><b>Zadavatelé</b> – obce, které služby objednávají a spolufinancují.</li>"
        "<li><b>Poskytovatelé</b> – organizace, které služby provozují.</li>"
        "<li><b>Uživatelé</b> – lidé, kteří služby využívají nebo je mohou potřebovat, a jejich "
        "blízcí.</li></ul><p>Otevřeno je to i veřejnosti: každý může připomínkovat návrh plánu.</p>"
    ),
    heading("Jak plánování probíhá"),
    paragraph(
        "<ol><li>Vytvoření struktur: pracovní skupiny podle cílových skupin, manažerský tým, "
        "skupina pro dohodu.</li><li>Zmapování služeb a potřeb: dotazníky, SWOT analýzy, mapy "
        "služeb.</li><li>Návrh plánu a jeho zveřejnění k připomínkám, obvykle na jeden měsíc.</li>"
        "<li>Vypořádání připomínek: každá připomínka dostane rozhodnutí a zdůvodnění.</li>"
        "<li>Schválení plánu valnou hromadou svazku obcí.</li><li>Roční akční plány, "
        "vyhodnocení a další kolo plánování.</li></ol>"
    ),
]

PROJECT_ACTIVITIES = [
    ("Vytvoření organizační struktury komunitního plánování",
     "Pracovní skupiny, manažerský tým a skupina pro dohodu.", (2011, 4), (2011, 6)),
    ("Sběr dat a analýzy",
     "Sedm SWOT analýz, analýza sociální infrastruktury, mobility a bezbariérovosti.",
     (2011, 5), (2011, 12)),
    ("Komunitní plán 2012–2016",
     "Zpracování plánu a měsíc veřejného připomínkování.", (2011, 10), (2012, 5)),
    ("Akční plány", "Roční akční plány k naplňování komunitního plánu.", (2012, 3), (2012, 8)),
    ("Vyhodnocení procesu", "Evaluace průběhu komunitního plánování.", (2012, 6), (2012, 9)),
    ("Elektronický katalog sociálních služeb",
     "Katalog, který aktualizují sami poskytovatelé; lze jej tisknout a filtrovat.",
     (2011, 9), (2012, 9)),
    ("Odborná konference", "Závěrečná konference projektu.", (2012, 9), (2012, 9)),
]

NEWS = [
    ("zahajeni-projektu", dt.date(2011, 4, 14), "Mikroregion zahájil komunitní plánování",
     "Svazek obcí získal podporu z Evropského sociálního fondu na plánování sociálních služeb."),
    ("pracovni-skupiny-zahajily-cinnost", dt.date(2011, 6, 2),
     "Pracovní skupiny zahájily činnost",
     "Šest pracovních skupin podle cílových skupin se poprvé sešlo a zvolilo své manažery."),
    ("navrh-planu-k-pripominkam", dt.date(2012, 3, 1),
     "Návrh komunitního plánu je zveřejněn k připomínkám",
     "Připomínky může podat kdokoli během jednoho měsíce, na webu i na obecních úřadech."),
    ("konference-zari-2012", dt.date(2012, 9, 20),
     "Odborná konference uzavřela projekt",
     "Starostové, poskytovatelé a kraj zhodnotili první komunitní plán mikroregionu."),
]


def load(home, out):
    about = child_page(
        home, TextPage, "co-je-komunitni-planovani", title="Co je komunitní plánování",
        intro="Jak obce, poskytovatelé a občané společně plánují sociální služby.",
        body=ABOUT_BODY, show_in_menus=True,
    )
    project = ProjectPage.objects.child_of(home).filter(slug="projekt-esf").first()
    if project is None:
        project = ProjectPage(
            slug="projekt-esf",
            title="Projekt ESF: Komunitní plánování sociálních služeb v mikroregionu",
            intro=(
                "Projekt spolufinancovaný Evropským sociálním fondem prostřednictvím Operačního "
                "programu Lidské zdroje a zaměstnanost a státním rozpočtem ČR."
            ),
            registration_number="CZ.1.04/3.1.03/65.00042",
            programme="OP Lidské zdroje a zaměstnanost",
            start_date=dt.date(2011, 4, 1),
            end_date=dt.date(2012, 9, 30),
            budget=Decimal("1973786.00"),
            eu_share=Decimal(85),
            national_share=Decimal(15),
            show_in_menus=True,
        )
        for number, (title, description, start, end) in enumerate(PROJECT_ACTIVITIES):
            project.activities.add(ProjectActivity(
                sort_order=number, title=title, description=description,
                start_month=dt.date(*start, 1), end_month=dt.date(*end, 1),
            ))
        home.add_child(instance=project)
        project.save_revision().publish()

    news_index = child_page(
        home, NewsIndexPage, "aktuality", title="Aktuality a tiskové zprávy",
        intro="Zprávy o komunitním plánování v mikroregionu.", show_in_menus=True,
    )
    for slug, date, title, intro in NEWS:
        child_page(news_index, NewsPage, slug, title=title, date=date, intro=intro,
                   body=[paragraph(f"<p>{intro}</p>")])

    accessibility = child_page(
        home, TextPage, "prohlaseni-o-pristupnosti", title="Prohlášení o přístupnosti",
        intro="Svazek obcí se zavazuje zpřístupnit tyto stránky v souladu se zákonem "
              "č. 99/2019 Sb., o přístupnosti internetových stránek.",
        body=[paragraph(
            "<p>Stránky usilují o soulad se standardem WCAG 2.1 na úrovni AA. Velikost písma "
            "lze změnit tlačítky A−, A a A+ v záhlaví; stránky fungují i bez JavaScriptu a lze "
            "je ovládat klávesnicí.</p><p>Nedostatky v přístupnosti nám prosím oznamte "
            "na e-mailové adrese uvedené v zápatí.</p>"
        )],
    )
    privacy = child_page(
        home, TextPage, "osobni-udaje", title="Ochrana osobních údajů",
        intro="Jak zacházíme s osobními údaji podle nařízení GDPR.",
        body=[paragraph(
            "<p>E-mailovou adresu, kterou uvedete u připomínky, používáme jen k tomu, abychom vás "
            "informovali o jejím vypořádání; nikdy ji nezveřejňujeme. Kontakty členů pracovních "
            "skupin a statutárních zástupců poskytovatelů na webu nezveřejňujeme.</p>"
            "<p>Osobní údaje u připomínek anonymizujeme po uplynutí doby uvedené v nastavení "
            "konzultace. O výpis nebo výmaz svých údajů můžete požádat správce.</p>"
        )],
    )

    site_settings = SiteSettings.for_site(home.get_site())
    if not site_settings.organisation_name:
        site_settings.organisation_name = "Svazek obcí Mikroregionu Valašskomeziříčsko-Kelečsko"
        site_settings.address = "Náměstí 7\n757 01 Valašské Meziříčí"
        site_settings.email = "kpss@example.cz"
        site_settings.phone = "571 000 000"
        site_settings.accessibility_page = accessibility
        site_settings.privacy_page = privacy
        site_settings.save()
    out(f"Stránky webu: {about.title}, {project.title}, {news_index.title} ({len(NEWS)} zpráv)")
