"""Comments on every live page that takes part in a consultation (plan drafts, or any page
type using ConsultationPageMixin): some published, some awaiting moderation, one rejected,
one received on paper, one on a paragraph, some with co-signatures; a closed consultation also
gets its decisions (linked to the sections of the next draft, so the tracing view of the
second draft shows each change beside the comments that caused it) and its settlement.

A page that already has comments is left alone, so the step can run any number of times.
"""

import datetime as dt

from kp_consultation.cosigning import signer_key
from kp_consultation.mixins import ConsultationState
from kp_consultation.models import (
    Channel,
    Comment,
    CoSignature,
    Decision,
    Role,
    Status,
    consultation_page_models,
)
from kp_consultation.settlement import settle

COMMENTS = [
    # (section index or None for the whole document, role, name, organisation, municipality,
    #  channel, status, text)
    (2, Role.PROVIDER, "Marie Dvořáková", "Charita Valašské Meziříčí", "Valašské Meziříčí",
     Channel.WEB, Status.PUBLISHED,
     "Navrhujeme doplnit odlehčovací službu v terénní formě. Pečující rodiny v malých obcích "
     "nemají kam se obrátit, když potřebují několik dní volna."),
    (2, Role.SERVICE_USER, "", "", "Kelč", Channel.WEB, Status.PUBLISHED,
     "Pečovatelská služba by měla jezdit i o víkendech, hlavně k lidem po propuštění z "
     "nemocnice."),
    (3, Role.COMMISSIONER, "Ing. Petr Holub", "Obec Branky", "Branky", Channel.WEB,
     Status.PUBLISHED,
     "Obec je připravena spolufinancovat nízkoprahový klub pro děti, pokud se k němu připojí i "
     "sousední obce."),
    (None, Role.PUBLIC, "", "", "", Channel.WEB, Status.PUBLISHED,
     "Plán je srozumitelný, ale chybí v něm přehled, kolik která služba stojí."),
    (1, Role.SERVICE_USER, "Lenka Malá", "", "Lhota u Choryně", Channel.PAPER,
     Status.PUBLISHED,
     "Připomínka podaná na obecním úřadě: chybí dopravní obslužnost do denního stacionáře."),
    (1, Role.PROVIDER, "Mgr. Jana Šimková", "Sociální služby města Valašského Meziříčí",
     "Valašské Meziříčí", Channel.WEB, Status.PUBLISHED,
     "Údaje z dotazníkového šetření jsou neúplné: sběr pokračoval do ledna 2012 a odpovědělo "
     "celkem 612 lidí. Prosíme o aktualizaci čísel."),
    (None, Role.PUBLIC, "", "", "", Channel.WEB, Status.PENDING,
     "Bylo by dobré uvést, z jakých zdrojů se bude financovat sociální bydlení."),
    (None, Role.PROVIDER, "Tomáš Krejčí", "Sociální služby Vsetín", "Vsetín", Channel.API,
     Status.PENDING, "Doporučujeme sjednotit názvy priorit s krajským střednědobým plánem."),
    (0, Role.PUBLIC, "", "", "", Channel.WEB, Status.REJECTED,
     "Reklama na půjčky bez registru."),
]

# Comments (by index) that point at a paragraph of their section (its anchor).
PARAGRAPHS = {1: "odst-1"}
# The section of the next draft a settled comment is linked to (by index; used when the next
# draft has it): the whole-document wish for costs produced the new section on financing.
NEXT_SECTIONS = {3: "financovani"}
# People who joined a comment instead of writing it again (by index: how many).
COSIGNATURES = {0: 4, 1: 2, 5: 1}

DECISIONS = [
    (Decision.ACCEPTED, "", "PS Senioři"),
    (Decision.PARTLY_ACCEPTED, "Víkendový provoz zavedeme nejprve v Kelči jako pilotní.",
     "PS Senioři"),
    (Decision.NOTED, "Spolufinancování projedná valná hromada svazku.", "PS Rodiny s dětmi"),
    (Decision.ACCEPTED, "", "Manažerský tým"),
    (Decision.REJECTED, "Dopravní obslužnost není sociální služba; předáno kraji.",
     "PS Zdravotně postižení"),
    (Decision.ACCEPTED, "", "Manažerský tým"),
    (Decision.PARTLY_ACCEPTED, "Zdroje financování sociálního bydlení doplní akční plán 2013.",
     "Manažerský tým"),
    (Decision.NOTED, "Názvy priorit sladíme při příští aktualizaci krajského plánu.",
     "Manažerský tým"),
]


def consultation_pages():
    for model in consultation_page_models():
        yield from model.objects.live()


def add_comments(page, sections, settle_them):
    base = (page.comment_period_start or page.first_published_at) + dt.timedelta(days=1)
    decided = 0
    successors = {s.anchor for s in page.successor_sections()}
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
            created_at=base + dt.timedelta(hours=5 * index),
            submission_token=f"demo-{page.pk}-{index}",
            moderation_reason="Obchodní sdělení nesouvisející s plánem."
            if status == Status.REJECTED else "",
        )
        section_info = sections[section % len(sections)] if section is not None and sections else None
        if section_info is not None and section_info.paragraph(PARAGRAPHS.get(index, "")):
            comment.paragraph = PARAGRAPHS[index]
        if settle_them and status == Status.PUBLISHED:
            decision, reason, group = DECISIONS[decided % len(DECISIONS)]
            comment.decision, comment.decision_reason, comment.responsible_group = (
                decision, reason, group)
            if NEXT_SECTIONS.get(index) in successors:
                comment.next_section = NEXT_SECTIONS[index]
            decided += 1
        comment.save()
        if status == Status.PUBLISHED:
            CoSignature.objects.bulk_create([
                CoSignature(comment=comment, signer=signer_key(f"demo-{comment.pk}-{number}"))
                for number in range(COSIGNATURES.get(index, 0))])


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
