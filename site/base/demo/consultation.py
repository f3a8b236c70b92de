"""Comments on every live page that takes part in a consultation (plan drafts, or any page
type using ConsultationPageMixin): some published, some awaiting moderation, one rejected,
one received on paper; a closed consultation also gets its decisions and its settlement.

A page that already has comments is left alone, so the step can run any number of times.
"""

import datetime as dt

from kp_consultation.mixins import ConsultationState
from kp_consultation.models import (
    Channel,
    Comment,
    Decision,
    Role,
    Status,
    consultation_page_models,
)
from kp_consultation.settlement import settle

COMMENTS = [
    # (section index or None for the whole document, role, name, organisation, municipality,
    #  channel, status, text)
    (0, Role.PROVIDER, "Marie Dvořáková", "Charita Valašské Meziříčí", "Valašské Meziříčí",
     Channel.WEB, Status.PUBLISHED,
     "Navrhujeme doplnit odlehčovací službu v terénní formě. Pečující rodiny v malých obcích "
     "nemají kam se obrátit, když potřebují několik dní volna."),
    (0, Role.SERVICE_USER, "", "", "Kelč", Channel.WEB, Status.PUBLISHED,
     "Pečovatelská služba by měla jezdit i o víkendech, hlavně k lidem po propuštění z "
     "nemocnice."),
    (1, Role.COMMISSIONER, "Ing. Petr Holub", "Obec Branky", "Branky", Channel.WEB,
     Status.PUBLISHED,
     "Obec je připravena spolufinancovat nízkoprahový klub pro děti, pokud se k němu připojí i "
     "sousední obce."),
    (None, Role.PUBLIC, "", "", "", Channel.WEB, Status.PUBLISHED,
     "Plán je srozumitelný, ale chybí v něm přehled, kolik která služba stojí."),
    (1, Role.SERVICE_USER, "Lenka Malá", "", "Lhota u Choryně", Channel.PAPER,
     Status.PUBLISHED,
     "Připomínka podaná na obecním úřadě: chybí dopravní obslužnost do denního stacionáře."),
    (2, Role.PUBLIC, "", "", "", Channel.WEB, Status.PENDING,
     "Bylo by dobré uvést, z jakých zdrojů se bude financovat sociální bydlení."),
    (None, Role.PROVIDER, "Tomáš Krejčí", "Sociální služby Vsetín", "Vsetín", Channel.API,
     Status.PENDING, "Doporučujeme sjednotit názvy priorit s krajským střednědobým plánem."),
    (0, Role.PUBLIC, "", "", "", Channel.WEB, Status.REJECTED,
     "Reklama na půjčky bez registru."),
]

DECISIONS = [
    (Decision.ACCEPTED, "", "PS Senioři"),
    (Decision.PARTLY_ACCEPTED, "Víkendový provoz zavedeme nejprve v Kelči jako pilotní.",
     "PS Senioři"),
    (Decision.NOTED, "Spolufinancování projedná valná hromada svazku.", "PS Rodiny s dětmi"),
    (Decision.ACCEPTED, "", "Manažerský tým"),
    (Decision.REJECTED, "Dopravní obslužnost není sociální služba; předáno kraji.",
     "PS Zdravotně postižení"),
]


def consultation_pages():
    for model in consultation_page_models():
        yield from model.objects.live()


def add_comments(page, sections, settle_them):
    base = (page.comment_period_start or page.first_published_at) + dt.timedelta(days=1)
    decided = 0
    for index, (section, role, name, organisation, municipality, channel, status,
                text) in enumerate(COMMENTS):
        if settle_them and status == Status.PENDING:
            status = Status.PUBLISHED
        anchor = sections[section % len(sections)].anchor if section is not None and sections else ""
        comment = Comment(
            page=page, section=anchor, text=text, role=role, author_name=name,
            organisation=organisation, municipality=municipality, channel=channel,
            status=status, consent=bool(name),
            email=f"pripominka{index}@example.cz" if name else "",
            notify_on_settlement=bool(name), created_at=base + dt.timedelta(hours=5 * index),
            submission_token=f"demo-{page.pk}-{index}",
            moderation_reason="Obchodní sdělení nesouvisející s plánem."
            if status == Status.REJECTED else "",
        )
        if settle_them and status == Status.PUBLISHED:
            decision, reason, group = DECISIONS[decided % len(DECISIONS)]
            comment.decision, comment.decision_reason, comment.responsible_group = (
                decision, reason, group)
            decided += 1
        comment.save()


def load(home, out):
    for page in consultation_pages():
        if Comment.objects.filter(page=page).exists():
            continue
        state = page.consultation_state()
        if state not in (ConsultationState.OPEN, ConsultationState.CLOSED):
            continue
        closed = state == ConsultationState.CLOSED
        add_comments(page, page.consultation_sections(), settle_them=closed)
        if closed:
            settle(page, table_url=f"{page.full_url or ''}#vyporadani")
            out(f"Vypořádání připomínek: {page.title}")
        else:
            out(f"Připomínky: {page.title}")
