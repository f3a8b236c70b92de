"""The catalogue of social services of the VM+K microregion: fictional providers (valid IČOs,
example.cz addresses) and about thirty services across the six target groups, a few drafts and
one shelter with a secret address."""

import datetime as dt

from django.apps import apps

from kp_catalogue.models import (
    AgeGroup,
    CapacityUnit,
    CatalogueIndexPage,
    Contact,
    LifeSituation,
    Location,
    Municipality,
    Provider,
    Service,
    ServiceForm,
    ServiceProvision,
    ServiceType,
    TargetGroup,
    seed,
)
from kp_catalogue.models.validators import ico_check_digit

from .helpers import child_page


def ico(first_seven):
    return first_seven + str(ico_check_digit(first_seven))


# (key, name, first seven digits of IČO, legal form, town, street)
PROVIDERS = [
    ("charita", "Charita Valašské Meziříčí (demo)", "4482153", "církevní organizace",
     "Valašské Meziříčí", "Kpt. Jaroše 1"),
    ("domov", "Domov pro seniory Zašová, p. o. (demo)", "7084126", "příspěvková organizace",
     "Zašová", "Zašová 300"),
    ("kelc", "Sociální služby Kelč, p. o. (demo)", "7123455", "příspěvková organizace",
     "Kelč", "Náměstí 12"),
    ("naruc", "Spolek Náruč Valašsko (demo)", "2261002", "spolek",
     "Valašské Meziříčí", "Komenského 45"),
    ("most", "Most k sobě, z. ú. (demo)", "0510233", "zapsaný ústav",
     "Valašské Meziříčí", "Sokolská 8"),
    ("diakonie", "Diakonie Krhová (demo)", "6691408", "církevní organizace",
     "Krhová", "Hlavní 120"),
]

GROUPS = {
    "sen": "24", "zp": "zdravotni-postizeni", "rod": "rodiny-deti-mladez",
    "kri": "krize-nouze", "zav": "zavislosti", "dus": "dusevni-zdravi", "pec": "26",
}

# (provider, name, type code, groups, forms [(form, unit, max, free)], municipalities,
#  published, free of charge, tags)
SERVICES = [
    ("charita", "Pečovatelská služba Charity", "p40", ["sen", "zp"],
     [("ter", "klient", 180, 6)], ["valasske-mezirici", "krhova", "policna", "lesna"],
     True, False, ["doprava", "donáška obědů"]),
    ("charita", "Charitní ošetřovatelská a odlehčovací služba", "p44", ["sen", "pec"],
     [("ter", "klient", 40, 2)], ["valasske-mezirici", "zasova", "jarcova"], True, False,
     ["pečující"]),
    ("charita", "Osobní asistence Charity", "p39", ["zp", "sen"], [("ter", "klient", 35, None)],
     ["valasske-mezirici", "branky", "krhova"], True, False, []),
    ("charita", "Azylový dům pro matky s dětmi", "p57", ["kri", "rod"],
     [("pob", "luzka", 18, 1)], ["valasske-mezirici"], True, False, ["bydlení"]),
    ("charita", "Noclehárna Charity", "p63", ["kri"], [("amb", "luzka", 10, 3)],
     ["valasske-mezirici"], True, False, ["bydlení"]),
    ("charita", "Odborné sociální poradenství Charity", "p37", ["kri", "sen", "rod"],
     [("amb", "kontakt", 4, None), ("ter", "kontakt", 2, None)],
     ["valasske-mezirici", "kelc", "zasova"], True, True, ["dluhy"]),
    ("charita", "Sociálně aktivizační služba pro rodiny", "p65", ["rod"],
     [("ter", "klient", 30, 4), ("amb", "klient", 10, None)],
     ["valasske-mezirici", "kelc", "policna"], True, True, ["rodina"]),
    ("domov", "Domov pro seniory Zašová", "13", ["sen"], [("pob", "luzka", 96, 0)],
     ["zasova", "valasske-mezirici", "krhova"], True, False, ["bezbariérové"]),
    ("domov", "Domov se zvláštním režimem Zašová", "p50", ["sen", "dus"],
     [("pob", "luzka", 40, 0)], ["zasova", "valasske-mezirici"], True, False, ["demence"]),
    ("domov", "Odlehčovací pobyt Zašová", "p44", ["sen", "pec"], [("pob", "luzka", 4, 1)],
     ["zasova"], True, False, ["pečující"]),
    ("kelc", "Pečovatelská služba Kelč", "p40", ["sen", "zp"], [("ter", "klient", 60, 3)],
     ["kelc", "branky", "police", "kunovice"], True, False, ["donáška obědů"]),
    ("kelc", "Domov pro seniory Kelč", "13", ["sen"], [("pob", "luzka", 55, 2)], ["kelc"],
     True, False, []),
    ("kelc", "Denní stacionář Kelč", "p46", ["sen", "zp"], [("amb", "klient", 15, 2)],
     ["kelc", "branky"], True, False, ["doprava"]),
    ("kelc", "Tísňová péče Kelečsko", "p41", ["sen", "zp"], [("ter", "klient", 50, 20)],
     ["kelc", "branky", "police", "kunovice", "loucka"], True, False, []),
    ("naruc", "Raná péče Náruč", "p54", ["rod", "zp"], [("ter", "klient", 45, 5)],
     ["valasske-mezirici", "kelc", "zasova", "krhova", "lesna", "policna"], True, True,
     ["děti"]),
    ("naruc", "Sociálně terapeutická dílna Náruč", "p67", ["zp"], [("amb", "klient", 20, 1)],
     ["valasske-mezirici"], True, False, ["práce"]),
    ("naruc", "Chráněné bydlení Náruč", "p51", ["zp"], [("pob", "luzka", 12, 0)],
     ["valasske-mezirici"], True, False, ["bydlení"]),
    ("naruc", "Podpora samostatného bydlení Náruč", "p43", ["zp", "dus"],
     [("ter", "klient", 15, 2)], ["valasske-mezirici", "krhova"], True, False, ["bydlení"]),
    ("naruc", "Sociální rehabilitace Náruč", "p70", ["zp", "dus"],
     [("amb", "klient", 25, None), ("ter", "klient", 15, None)],
     ["valasske-mezirici", "zasova"], True, True, ["práce"]),
    ("naruc", "Průvodcovská a předčitatelská služba Náruč", "p42", ["zp"],
     [("ter", "klient", 20, 4)], ["valasske-mezirici"], True, False, []),
    ("most", "Kontaktní centrum Most", "p59", ["zav"], [("amb", "kontakt", 12, None)],
     ["valasske-mezirici"], True, True, ["drogy", "anonymně"]),
    ("most", "Terénní program Most", "p69", ["zav", "kri"], [("ter", "kontakt", 6, None)],
     ["valasske-mezirici", "kelc", "zasova", "krhova", "branky", "jarcova"], True, True,
     ["drogy", "anonymně"]),
    ("most", "Nízkoprahový klub pro děti a mládež Most", "p62", ["rod"],
     [("amb", "kontakt", 20, None)], ["valasske-mezirici"], True, True, ["mládež"]),
    ("most", "Služby následné péče Most", "p64", ["zav"], [("amb", "klient", 20, 2)],
     ["valasske-mezirici"], True, True, []),
    ("most", "Krizová pomoc Most", "p60", ["kri"], [("amb", "interv", 3, None)],
     ["valasske-mezirici", "kelc"], True, True, ["anonymně"]),
    ("most", "Linka důvěry Valašsko", "p55", ["kri", "rod", "sen"],
     [("ter", "hovor", 20, None)], ["valasske-mezirici"], True, True, ["nonstop"]),
    ("diakonie", "Centrum denních služeb Krhová", "p45", ["sen", "dus"],
     [("amb", "klient", 18, 3)], ["krhova", "valasske-mezirici", "policna"], True, False, []),
    ("diakonie", "Sociálně aktivizační služba pro seniory Krhová", "p66", ["sen", "zp"],
     [("amb", "klient", 30, 8)], ["krhova", "lesna", "jarcova"], True, True, ["volný čas"]),
    ("diakonie", "Intervenční centrum Valašsko", "p60a", ["kri"], [("amb", "interv", 2, None)],
     ["valasske-mezirici", "kelc", "zasova"], True, True, ["domácí násilí"]),
    ("diakonie", "Centrum duševního zdraví Valašsko", "cdz", ["dus"],
     [("ter", "klient", 90, None), ("amb", "klient", 30, None)],
     ["valasske-mezirici", "kelc", "zasova", "krhova"], True, False, []),
    # Drafts: prepared by editors, not yet approved for publication.
    ("diakonie", "Týdenní stacionář Krhová (připravuje se)", "p47", ["zp"],
     [("pob", "luzka", 10, None)], ["krhova"], False, False, []),
    ("kelc", "Tlumočnické služby Kelč (připravuje se)", "p56", ["zp"],
     [("ter", "interv", 2, None)], ["kelc"], False, True, []),
    ("naruc", "Terapeutická komunita Náruč (připravuje se)", "p68", ["zav"],
     [("pob", "luzka", 12, None)], ["valasske-mezirici"], False, False, []),
]

# Places in the microregion, roughly (latitude, longitude).
PLACES = {
    "valasske-mezirici": ("Valašské Meziříčí", "75701", 49.4718, 17.9711),
    "kelc": ("Kelč", "75643", 49.4780, 17.8150),
    "zasova": ("Zašová", "75651", 49.4748, 18.0432),
    "krhova": ("Krhová", "75663", 49.4838, 17.9917),
    "branky": ("Branky", "75645", 49.4580, 17.9000),
    "lesna": ("Lešná", "75641", 49.5210, 17.9290),
    "policna": ("Poličná", "75701", 49.4677, 17.9420),
    "jarcova": ("Jarcová", "75701", 49.4440, 17.9730),
}

# The needs finder's life situations, one or more for each of the six target groups:
# (slug, title, icon, question, service types, target groups, forms)
SITUATIONS = [
    ("pomoc-doma", "Potřebuji pomoc doma", "home",
     "Někdo potřebuje pomoc s péčí o sebe nebo o domácnost, aby mohl zůstat doma.",
     ["p39", "p40", "p41", "p42", "p43", "p44"], [], ["ter"]),
    ("domov-s-peci", "Hledám domov se stálou péčí", "bed",
     "Doma už to nejde ani s pomocí a člověk potřebuje péči ve dne i v noci.",
     ["13", "p47", "p48", "p50", "p51"], [], ["pob"]),
    ("nemam-kde-bydlet", "Nemám kde bydlet", "bed",
     "Přišli jste o bydlení nebo vám hrozí, že skončíte na ulici.",
     ["p57", "p58", "p61", "p63"], [], []),
    ("poradit", "Potřebuji poradit", "chat",
     "Dluhy, dávky, péče o blízkého, práva: nevíte si rady a chcete se zeptat odborníka.",
     ["p37", "p60"], [], []),
    ("krize", "Jsem v krizi teď", "alert",
     "Stalo se něco zlého, je vám úzko nebo zažíváte násilí a potřebujete pomoc hned.",
     ["p55", "p60", "p60a", "p57"], [], []),
    ("pecuji-o-blizkeho", "Pečuji o blízkého a potřebuji si odpočinout", "heart",
     "Staráte se doma o rodiče, partnera nebo dítě a potřebujete, aby vás někdo vystřídal.",
     ["p44", "p45", "p46"], [], []),
    ("rodina-deti", "Naše rodina nebo dítě potřebuje podporu", "family",
     "Dítě se vyvíjí jinak, rodina nezvládá výchovu nebo dospívající potřebují kam jít.",
     ["p54", "p62", "p65"], ["rod"], []),
    ("zavislost", "Potřebuji pomoc se závislostí", "hand",
     "Drogy, alkohol nebo hazard: pro vás nebo pro někoho blízkého, i anonymně.",
     ["p59", "p64", "p68", "p69"], ["zav"], []),
    ("dusevni-zdravi", "Mám duševní potíže", "heart",
     "Duševní onemocnění vám komplikuje práci, bydlení nebo vztahy.",
     ["cdz", "p43", "p67", "p70"], ["dus"], []),
    ("postizeni", "Mám zdravotní postižení a chci žít samostatně", "hand",
     "Hledáte asistenci, průvodce, práci nebo bydlení s podporou.",
     ["p39", "p42", "p43", "p51", "p67", "p70"], ["zp"], []),
]


def load_situations():
    for order, (slug, title, icon, question, types, groups, forms) in enumerate(SITUATIONS):
        situation, _created = LifeSituation.objects.update_or_create(
            slug=slug, defaults={"title": title, "icon": icon, "question": question,
                                 "sort_order": order})
        situation.service_types = list(ServiceType.objects.filter(code__in=types))
        situation.target_groups = list(TargetGroup.objects.filter(
            code__in=[GROUPS[group] for group in groups]))
        situation.forms = list(ServiceForm.objects.filter(code__in=forms))
        situation.save()


def load(home, out):
    # The code lists come from a data migration; a flushed test database has lost them.
    seed.load(apps)
    seed.load_centres(apps)
    catalogue = child_page(
        home, CatalogueIndexPage, "katalog-socialnich-sluzeb",
        title="Katalog sociálních služeb",
        intro="<p>Sociální služby pro obyvatele mikroregionu: vyberte obec a skupinu, pro "
              "kterou pomoc hledáte, nebo napište, co potřebujete.</p>",
        show_in_menus=True,
    )
    providers = {}
    for key, name, ico_start, legal_status, town, street in PROVIDERS:
        provider, _created = Provider.objects.get_or_create(
            ico=ico(ico_start),
            defaults={"name": name, "legal_status": legal_status, "city": town,
                      "address_1": street, "postal_code": "75701",
                      "email": f"info@{key}.example.cz", "phone": "571 600 100",
                      "website": f"https://{key}.example.cz/",
                      "description": f"{name} poskytuje sociální služby v mikroregionu."},
        )
        providers[key] = provider

    created = 0
    for number, (provider_key, name, type_code, groups, forms, towns, published, free,
                 tags) in enumerate(SERVICES):
        provider = providers[provider_key]
        if Service.objects.filter(provider=provider, name=name).exists():
            continue
        service = make_service(number, provider, name, type_code, groups, forms, towns, free,
                               tags)
        revision = service.save_revision()
        if published:
            revision.publish()
        created += 1

    shelter = Service.objects.get(name="Azylový dům pro matky s dětmi")
    if not shelter.locations.filter(secret_address=True).exists():
        # The shelter's own address is secret; only its counselling office is public.
        Location.objects.create(
            service=shelter, name="Azylový dům", address_1="(adresa utajena)", city="",
            secret_address=True, latitude=49.4601, longitude=17.9555,
        )
    load_situations()
    out(f"Katalog: {catalogue.title}, {Service.objects.count()} služeb "
        f"({created} nových), {len(providers)} poskytovatelů")


def make_service(number, provider, name, type_code, groups, forms, towns, free, tags):
    today = dt.date.today()
    service = Service(
        provider=provider, name=name, service_type=ServiceType.objects.get(code=type_code),
        identifier=f"{7000000 + number * 137:07d}",
        description=f"{name} pomáhá lidem z mikroregionu Valašskomeziříčsko-Kelečsko "
                    "zvládat každodenní život co nejvíce samostatně.",
        eligibility_description="Pro obyvatele mikroregionu: "
                                + ", ".join(TargetGroup.objects.get(code=GROUPS[g]).name.lower()
                                            for g in groups) + ".",
        is_free=free,
        fees_description="" if free else "Úhrada podle platného ceníku a zákona č. 108/2006 Sb.",
        application_process="Zavolejte nebo napište; domluvíme se na prvním setkání.",
        schedule_description="Po–Pá 7:00–15:30",
        phone=f"571 6{number:02d} 1{number:02d}",
        email=f"sluzba{number}@{provider.website.split('//')[1].rstrip('/')}",
        url=provider.website,
        assured_date=today - dt.timedelta(days=20 + number * 9),
        live=False,
    )
    service.target_groups = [TargetGroup.objects.get(code=GROUPS[g]) for g in groups]
    age_codes = ["mladsi-seniori", "starsi-seniori"] if "sen" in groups else ["dospeli"]
    if "rod" in groups:
        age_codes = ["predskolni", "mladsi-deti", "starsi-deti", "dorost"]
    service.age_groups = list(AgeGroup.objects.filter(code__in=age_codes))
    service.service_areas = list(Municipality.objects.filter(code__in=towns))
    for form_code, unit_code, maximum, available in forms:
        service.provisions.add(ServiceProvision(
            form=ServiceForm.objects.get(code=form_code),
            unit=CapacityUnit.objects.get(code=unit_code), maximum=maximum,
            non_stop=form_code == "pob" or "nonstop" in tags,
            available=available, available_updated=today if available is not None else None,
        ))
    town, postcode, latitude, longitude = PLACES.get(towns[0], PLACES["valasske-mezirici"])
    service.locations.add(Location(
        name="Hlavní pracoviště", address_1=f"{provider.address_1.split(' ')[0]} "
                                             f"{10 + number}",
        city=town, postal_code=postcode,
        municipality=Municipality.objects.filter(code=towns[0]).first(),
        latitude=round(latitude + number * 0.0011, 6),
        longitude=round(longitude - number * 0.0009, 6),
        accessibility="Bezbariérový vstup" if number % 3 else "Schody u vchodu, zvonek",
    ))
    service.contacts.add(Contact(name="Vedoucí služby", title="vedoucí",
                                 email=f"vedouci{number}@example.cz", phone="571 600 200"))
    service.contacts.add(Contact(name="Interní kontakt", title="pro koordinátora",
                                 email=f"interni{number}@example.cz", is_public=False))
    service.save()
    if tags:
        service.tags.add(*tags)
        service.save()
    return service
