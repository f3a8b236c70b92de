"""Seed values of the code lists, loaded by a data migration. Codes are the register's where
known (DruhSocialniSluzby, CilovaSkupinaOsoby, FormaSocialniSluzby, TypKapacitySocialniSluzby),
otherwise stable slugs; editors may rename items but codes stay."""

# (code, paragraph, category, name)
SERVICE_TYPES = [
    ("p37", "37", "counselling", "Odborné sociální poradenství"),
    ("p39", "39", "care", "Osobní asistence"),
    ("p40", "40", "care", "Pečovatelská služba"),
    ("p41", "41", "care", "Tísňová péče"),
    ("p42", "42", "care", "Průvodcovské a předčitatelské služby"),
    ("p43", "43", "care", "Podpora samostatného bydlení"),
    ("p44", "44", "care", "Odlehčovací služby"),
    ("p45", "45", "care", "Centra denních služeb"),
    ("p46", "46", "care", "Denní stacionáře"),
    ("p47", "47", "care", "Týdenní stacionáře"),
    ("p48", "48", "care", "Domovy pro osoby se zdravotním postižením"),
    ("13", "49", "care", "Domovy pro seniory"),
    ("p50", "50", "care", "Domovy se zvláštním režimem"),
    ("p51", "51", "care", "Chráněné bydlení"),
    ("p52", "52", "care", "Sociální služby poskytované ve zdravotnických zařízeních lůžkové péče"),
    ("cdz", "", "care", "Centrum duševního zdraví"),
    ("p54", "54", "prevention", "Raná péče"),
    ("p55", "55", "prevention", "Telefonická krizová pomoc"),
    ("p56", "56", "prevention", "Tlumočnické služby"),
    ("p57", "57", "prevention", "Azylové domy"),
    ("p58", "58", "prevention", "Domy na půl cesty"),
    ("p59", "59", "prevention", "Kontaktní centra"),
    ("p60", "60", "prevention", "Krizová pomoc"),
    ("p60a", "60a", "prevention", "Intervenční centra"),
    ("p61", "61", "prevention", "Nízkoprahová denní centra"),
    ("p62", "62", "prevention", "Nízkoprahová zařízení pro děti a mládež"),
    ("p63", "63", "prevention", "Noclehárny"),
    ("p64", "64", "prevention", "Služby následné péče"),
    ("p65", "65", "prevention", "Sociálně aktivizační služby pro rodiny s dětmi"),
    ("p66", "66", "prevention",
     "Sociálně aktivizační služby pro seniory a osoby se zdravotním postižením"),
    ("p67", "67", "prevention", "Sociálně terapeutické dílny"),
    ("p68", "68", "prevention", "Terapeutické komunity"),
    ("p69", "69", "prevention", "Terénní programy"),
    ("p70", "70", "prevention", "Sociální rehabilitace"),
]

# The six target groups of the microregion's working groups, then the register's finer ones.
TARGET_GROUPS = [
    ("24", "Senioři"),
    ("zdravotni-postizeni", "Osoby se zdravotním postižením"),
    ("rodiny-deti-mladez", "Rodiny s dětmi, děti a mládež"),
    ("krize-nouze", "Osoby v krizi a nouzi"),
    ("zavislosti", "Osoby ohrožené závislostmi"),
    ("dusevni-zdravi", "Osoby s duševním onemocněním"),
    ("26", "Pečující osoby"),
    ("27", "Osoby s potřebou paliativní péče"),
    ("30", "Osoby žijící s demencí"),
]

AGE_GROUPS = [
    ("predskolni", "Děti předškolního věku (1–6 let)"),
    ("mladsi-deti", "Mladší děti (7–12 let)"),
    ("starsi-deti", "Starší děti (13–15 let)"),
    ("dorost", "Dorost (16–18 let)"),
    ("mladi-dospeli", "Mladí dospělí (19–26 let)"),
    ("dospeli", "Dospělí (27–64 let)"),
    ("mladsi-seniori", "Mladší senioři (65–80 let)"),
    ("starsi-seniori", "Starší senioři (nad 80 let)"),
]

FORMS = [("pob", "pobytová"), ("amb", "ambulantní"), ("ter", "terénní")]

# (code, name, description)
CAPACITY_UNITS = [
    ("klient", "klienti", "počet klientů"),
    ("kontakt", "kontakty", "kontakt = 10 minut"),
    ("interv", "intervence", "intervence = 30 minut"),
    ("luzka", "lůžka", "počet lůžek"),
    ("hovor", "hovory", "počet hovorů"),
]

# Municipalities of the VM+K microregion. Codes are stable slugs; replace them with RÚIAN
# codes in the admin when syncing with the register.
MUNICIPALITIES = [
    ("valasske-mezirici", "Valašské Meziříčí"),
    ("kelc", "Kelč"),
    ("branky", "Branky"),
    ("jarcova", "Jarcová"),
    ("krhova", "Krhová"),
    ("lesna", "Lešná"),
    ("policna", "Poličná"),
    ("zasova", "Zašová"),
    ("bystricka", "Bystřička"),
    ("mikuluvka", "Mikulůvka"),
    ("oznice", "Oznice"),
    ("police", "Police"),
    ("hrachovec", "Hrachovec"),
    ("podoli", "Podolí"),
    ("stritez-nad-becvou", "Střítež nad Bečvou"),
    ("kunovice", "Kunovice"),
    ("lhota", "Lhota"),
    ("loucka", "Loučka"),
    ("choryne", "Choryně"),
    ("kladeruby", "Kladeruby"),
]

# Languages clients are served in: ISO 639-1 codes, and "cse" (ISO 639-3) for Czech sign
# language, which has no two-letter code.
LANGUAGES = [
    ("cs", "čeština"),
    ("sk", "slovenština"),
    ("uk", "ukrajinština"),
    ("en", "angličtina"),
    ("de", "němčina"),
    ("ru", "ruština"),
    ("pl", "polština"),
    ("vi", "vietnamština"),
    ("hu", "maďarština"),
    ("ro", "rumunština"),
    ("cse", "český znakový jazyk"),
]

# What a place offers people with disabilities (after the Czech "Pražská organizace
# vozíčkářů" map categories and Open Referral's accessibility taxonomy).
ACCESSIBILITY_FEATURES = [
    ("bezbarierovy-vstup", "bezbariérový vstup"),
    ("castecne-bezbarierovy", "částečně bezbariérový vstup (s pomocí)"),
    ("vytah", "výtah"),
    ("bezbarierova-toaleta", "bezbariérová toaleta"),
    ("parkovani-ztp", "parkování pro osoby se zdravotním postižením"),
    ("indukcni-smycka", "indukční smyčka"),
    ("braille", "popisky v Braillově písmu, hmatové prvky"),
    ("vodici-linie", "vodicí linie pro nevidomé"),
    ("asistencni-pes", "vstup s asistenčním psem"),
    ("tlumoceni-zj", "tlumočení do českého znakového jazyka"),
]


def _upsert(apps, model_name, rows):
    model = apps.get_model("kp_catalogue", model_name)
    for order, (code, fields) in enumerate(rows):
        model.objects.get_or_create(code=code, defaults={"sort_order": order, **fields})


def load_structured(apps, schema_editor=None):
    """The code lists of languages and accessibility features (a later migration than
    ``load``, which must keep matching the models of its own migration)."""
    _upsert(apps, "Language", [(code, {"name": name}) for code, name in LANGUAGES])
    _upsert(apps, "AccessibilityFeature",
            [(code, {"name": name}) for code, name in ACCESSIBILITY_FEATURES])
# Approximate centres (latitude, longitude) of the municipalities above, for "near me"
# ordering; editors can correct them in the admin.
MUNICIPALITY_CENTRES = {
    "valasske-mezirici": (49.4718, 17.9711), "kelc": (49.4780, 17.8150),
    "branky": (49.4580, 17.9000), "jarcova": (49.4440, 17.9730),
    "krhova": (49.4838, 17.9917), "lesna": (49.5210, 17.9290),
    "policna": (49.4677, 17.9420), "zasova": (49.4748, 18.0432),
    "bystricka": (49.4160, 17.9690), "mikuluvka": (49.3990, 17.9170),
    "oznice": (49.4390, 17.9200), "police": (49.4460, 17.8680),
    "hrachovec": (49.4620, 18.0100), "podoli": (49.4390, 17.8930),
    "stritez-nad-becvou": (49.4560, 18.0500), "kunovice": (49.4370, 17.8370),
    "lhota": (49.4950, 17.8270), "loucka": (49.4170, 17.8650),
    "choryne": (49.5030, 17.9000), "kladeruby": (49.4960, 17.8670),
}


def load_centres(apps, schema_editor=None):
    """Fill the centres of the seeded municipalities that have none yet."""
    model = apps.get_model("kp_catalogue", "Municipality")
    for code, (latitude, longitude) in MUNICIPALITY_CENTRES.items():
        model.objects.filter(code=code, latitude__isnull=True).update(
            latitude=latitude, longitude=longitude)


def load(apps, schema_editor=None):
    def upsert(model_name, rows):
        _upsert(apps, model_name, rows)

    upsert("ServiceType", [
        (code, {"paragraph": paragraph, "category": category, "name": name})
        for code, paragraph, category, name in SERVICE_TYPES
    ])
    upsert("TargetGroup", [(code, {"name": name}) for code, name in TARGET_GROUPS])
    upsert("AgeGroup", [(code, {"name": name}) for code, name in AGE_GROUPS])
    upsert("ServiceForm", [(code, {"name": name}) for code, name in FORMS])
    upsert("CapacityUnit", [
        (code, {"name": name, "description": description})
        for code, name, description in CAPACITY_UNITS
    ])
    upsert("Municipality", [(code, {"name": name}) for code, name in MUNICIPALITIES])
