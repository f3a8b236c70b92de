"""Fill a fresh database for the benchmark and print what the scenarios need, as JSON.

Run by bench/run.py in a subprocess with DJANGO_SETTINGS_MODULE=bench.settings:
    python -m bench.generate --services 2000

On top of the demo site (``load_demo``) it adds, with bulk inserts:
- ``--services`` published services of ``services / 10`` providers (valid IČOs), each with a
  form of provision, target and age groups, municipalities, a location and contacts;
- a community plan with 100 measures and, under it, a plan draft in an open comment period
  with 2,000 published comments spread over its sections.

The last line of stdout is the JSON context: paths and ids the scenarios are built from.
"""

import argparse
import datetime as dt
import json
import os
import sys
import time
from decimal import Decimal
from itertools import cycle

import django

SERVICES_PER_PROVIDER = 10
MEASURES = 100
MEASURES_PER_PRIORITY = 10
DRAFT_SECTIONS = 10
COMMENTS = 2000

# What the catalogue and API scenarios ask for: two filters and a search term. Every service
# serves the hub town and half of them the seniors, so even 100 services fill a listing page.
FILTER_GROUP = "24"  # Senioři
FILTER_TOWN = "valasske-mezirici"
SEARCH_TERM = "domacnost"  # matches "domácnost" in half of the descriptions
# The same search in a town served by the first LOCAL_SERVICES services only, at every size: a
# query whose answer does not grow with the catalogue (the hub town's grows with it), so its
# scaling shows what the search index does, apart from counting a longer answer.
LOCAL_TOWN = "kelc"
LOCAL_SERVICES = 100
DESCRIPTIONS = [
    "Pomáhá lidem zvládat péči o domácnost a zůstat co nejdéle doma.",
    "Nabízí odbornou pomoc, poradenství a podporu při řešení obtížné životní situace.",
    "Podporuje samostatnost a zapojení do běžného života; pomoc s chodem domácnosti.",
    "Poskytuje bezpečné zázemí, doprovod a kontakt s dalšími službami v regionu.",
]


def ico(number):
    from kp_catalogue.models.validators import ico_check_digit

    first_seven = f"{number:07d}"
    return first_seven + str(ico_check_digit(first_seven))


def build_catalogue(count, now):
    """``count`` published services of ``count / 10`` providers; returns the services."""
    from kp_catalogue import models as m
    from kp_catalogue.search.text import normalise
    from kp_catalogue.search.upkeep import write_documents

    types = list(m.ServiceType.objects.all())
    forms = list(m.ServiceForm.objects.all())
    units = {unit.code: unit for unit in m.CapacityUnit.objects.all()}
    towns = list(m.Municipality.objects.all())
    hub = next(town for town in towns if town.code == FILTER_TOWN)
    local = next(town for town in towns if town.code == LOCAL_TOWN)
    others = [town for town in towns if town not in (hub, local)]
    groups = list(m.TargetGroup.objects.all())
    seniors = next(group for group in groups if group.code == FILTER_GROUP)
    ages = list(m.AgeGroup.objects.all())

    providers = m.Provider.objects.bulk_create([
        m.Provider(
            name=f"Poskytovatel sociálních služeb {n:04d} (bench)", ico=ico(8000000 + n),
            legal_status="spolek", city=towns[n % len(towns)].name,
            address_1=f"Hlavní {n + 1}", postal_code="75701",
            email=f"info{n}@bench.example.cz", phone="571 600 100",
            website=f"https://p{n}.bench.example.cz/",
            search_text=normalise(f"Poskytovatel sociálních služeb {n:04d} (bench) "
                                  f"{ico(8000000 + n)}"),
        )
        for n in range(max(1, count // SERVICES_PER_PROVIDER))
    ], batch_size=500)

    services = []
    for n in range(count):
        service_type = types[n % len(types)]
        service = m.Service(
            provider=providers[n % len(providers)], service_type=service_type,
            name=f"{service_type.name} {n:05d}", identifier=f"{1000000 + n:07d}",
            status=m.ServiceStatus.ACTIVE, description=DESCRIPTIONS[n % len(DESCRIPTIONS)],
            eligibility_description="Pro obyvatele mikroregionu.", is_free=n % 3 == 0,
            application_process="Zavolejte nebo napište.", schedule_description="Po–Pá 7–15",
            email=f"sluzba{n}@bench.example.cz", phone="571 600 200",
            url="https://bench.example.cz/", assured_date=now.date(),
            live=True, has_unpublished_changes=False, first_published_at=now,
            last_published_at=now,
        )
        service.search_text = service.build_search_text(service.provider)
        services.append(service)
    services = m.Service.objects.bulk_create(services, batch_size=500)

    def through(relation, pairs):
        model = getattr(m.Service, relation).through
        target = getattr(m.Service, relation).rel.model._meta.model_name
        model.objects.bulk_create(
            [model(service_id=s.pk, **{f"{target}_id": t.pk}) for s, t in pairs],
            batch_size=1000)

    through("target_groups", [
        (s, g) for n, s in enumerate(services)
        for g in ([seniors] if n % 2 == 0 else []) + [groups[1 + n % (len(groups) - 1)]]])
    through("age_groups", [(s, ages[n % len(ages)]) for n, s in enumerate(services)])
    through("service_areas", [(s, t) for n, s in enumerate(services)
                              for t in [hub, others[n % len(others)]]
                              + ([local] if n < LOCAL_SERVICES else [])])
    m.ServiceProvision.objects.bulk_create([
        m.ServiceProvision(service=s, sort_order=0, form=forms[n % len(forms)],
                           unit=units["klient"], maximum=20 + n % 50,
                           available=n % 4, available_updated=now.date())
        for n, s in enumerate(services)], batch_size=1000)
    m.Location.objects.bulk_create([
        m.Location(service=s, sort_order=0, name="Hlavní pracoviště", address_1=f"Nádražní {n}",
                   city=hub.name, postal_code="75701", municipality=hub,
                   latitude=Decimal("49.4718") + Decimal(n % 100) / 1000,
                   longitude=Decimal("17.9711") + Decimal(n % 97) / 1000,
                   accessibility="Bezbariérový vstup")
        for n, s in enumerate(services)], batch_size=1000)
    m.Contact.objects.bulk_create([
        contact for n, s in enumerate(services) for contact in (
            m.Contact(service=s, sort_order=0, name="Vedoucí služby", title="vedoucí",
                      email=f"vedouci{n}@bench.example.cz", phone="571 600 300"),
            m.Contact(service=s, sort_order=1, name="Interní kontakt", is_public=False,
                      email=f"interni{n}@bench.example.cz"),
        )], batch_size=1000)
    # Bulk inserts bypass save(): the search documents and the full-text index in one pass.
    write_documents([service.pk for service in services])
    return services


def measure(priority, number, service):
    return {
        "number": number, "title": f"Opatření {priority}.{number}",
        "description": "Rozvoj dostupnosti služeb v menších obcích.",
        "target_groups": ["seniors"], "responsible": "Svazek obcí", "partners": "Poskytovatelé",
        "funding_sources": "Rozpočty obcí, kraj", "estimated_cost": Decimal("150000.00"),
        "indicators": ["Počet klientů"], "start_year": 2024, "end_year": 2028,
        "related_services": [service],
    }


def build_plan_and_draft(services, now):
    from kp_consultation.models import Channel, Comment, Role, Status
    from kp_plans.models import CommunityPlanPage, PlanDraftPage, PlanningSectionPage

    section_page = PlanningSectionPage.objects.get(slug="komunitni-planovani")
    related = cycle(services[:50])
    plan = CommunityPlanPage(
        slug="bench-plan", title="Komunitní plán 2024–2028 (bench)", period_start=2024,
        period_end=2028, status="approved", intro="Plán se sto opatřeními.",
        priorities=[
            ("priority", {"number": p, "kind": "group", "title": f"Priorita {p}",
                          "description": "", "measures": [
                              measure(p, n, next(related))
                              for n in range(1, MEASURES_PER_PRIORITY + 1)]})
            for p in range(1, MEASURES // MEASURES_PER_PRIORITY + 1)],
    )
    section_page.add_child(instance=plan)
    plan.save_revision().publish()

    draft = PlanDraftPage(
        slug="bench-navrh", title="Návrh plánu 2024–2028 (bench)", version_label="1.0",
        intro="Návrh se dvěma tisíci připomínek.",
        body=[("section", {"title": f"Oddíl {n}", "anchor": f"oddil-{n}",
                           "body": f"<p>Text oddílu {n} návrhu plánu.</p>" * 3})
              for n in range(1, DRAFT_SECTIONS + 1)],
        comment_period_start=now - dt.timedelta(days=10),
        comment_period_end=now + dt.timedelta(days=20),
    )
    plan.add_child(instance=draft)
    draft.save_revision().publish()

    anchors = [""] + [f"oddil-{n}" for n in range(1, DRAFT_SECTIONS + 1)]
    roles = [choice for choice, _label in Role.choices]
    Comment.objects.bulk_create([
        Comment(page_id=draft.pk, section=anchors[n % len(anchors)],
                text=f"Připomínka {n}: navrhujeme rozšířit službu i do menších obcí a o víkendech.",
                author_name=f"Pisatel {n}" if n % 2 else "", consent=bool(n % 2),
                email=f"pisatel{n}@bench.example.cz" if n % 2 else "",
                organisation="Obec" if n % 5 == 0 else "", role=roles[n % len(roles)],
                municipality="Kelč", channel=Channel.WEB, status=Status.PUBLISHED,
                created_at=now - dt.timedelta(minutes=COMMENTS - n))
        for n in range(COMMENTS)], batch_size=500)
    return plan, draft


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--base-only", action="store_true",
                        help="only migrate and load the demo (run.py copies this database)")
    parser.add_argument("--no-base", action="store_true",
                        help="the database is a copy of a --base-only one: add the bench data")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from kp_catalogue.public.page import CatalogueIndexPage

    started = time.monotonic()
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"  # the demo's mail
    if not args.no_base:
        call_command("migrate", verbosity=0, interactive=False)
        with open(os.devnull, "w") as quiet:
            call_command("load_demo", force=True, stdout=quiet)
    if args.base_only:
        # Closing checkpoints SQLite's write-ahead log, so run.py can copy one file.
        connection.close()
        sys.stdout.write(json.dumps({"seconds": round(time.monotonic() - started, 1)}) + "\n")
        return
    now = timezone.now()
    with transaction.atomic():
        services = build_catalogue(args.services, now)
        plan, draft = build_plan_and_draft(services, now)
    if connection.vendor == "postgresql":
        # What a production database has a minute after a bulk load: autovacuum's statistics.
        # Without them the planner guesses row counts and may drive a search from its broadest
        # filter. (SQLite has none unless someone runs ANALYZE, and is measured without.)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    catalogue = CatalogueIndexPage.objects.live().first()
    service = services[len(services) // 2]
    context = {
        "services": args.services,
        "catalogue_path": catalogue.url,
        "catalogue_query": f"skupina={FILTER_GROUP}&obec={FILTER_TOWN}&q={SEARCH_TERM}",
        "api_query": f"target_group={FILTER_GROUP}&municipality={FILTER_TOWN}&q={SEARCH_TERM}",
        "local_catalogue_query": f"skupina={FILTER_GROUP}&obec={LOCAL_TOWN}&q={SEARCH_TERM}",
        "local_api_query":
            f"target_group={FILTER_GROUP}&municipality={LOCAL_TOWN}&q={SEARCH_TERM}",
        "service_path": catalogue.service_url(service),
        "service_id": service.pk,
        "plan_path": plan.url,
        "draft_path": draft.url,
        "draft_id": draft.pk,
        "seconds": round(time.monotonic() - started, 1),
    }
    connection.close()
    sys.stdout.write(json.dumps(context) + "\n")


if __name__ == "__main__":
    main()
