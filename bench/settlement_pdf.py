"""Benchmark of the settlement PDF: rendering the settlement of N comments (default 1,000).

    python -m bench.settlement_pdf                   # the PDF as the site renders it
    python -m bench.settlement_pdf --baseline        # and the former one-table layout beside it

The comments are built in memory (no database): what costs is WeasyPrint's layout, and the
figures compare layouts on the same machine in the same run. Each comment has 1–5 sentences of
text and 1–3 of reason, like the demo's, in 11 groups (the whole document and 10 sections). The
former layout, one table per group with a row per comment, is kept here as the baseline: it took
54 s for 1,073 comments on the demo server (issue 13). Prints JSON; ``measure()`` returns it.
"""

import argparse
import datetime as dt
import json
import logging
import os
import time
import types

import django

TEXT = ("Navrhujeme rozšířit pečovatelskou službu i do menších obcí a o víkendech; chybí také "
        "odlehčovací služba pro pečující rodiny a doprava k lékaři. ")
REASON = "Zohledněno v opatření 2.3; služba bude rozšířena od roku 2027. "

# The layout the settlement PDF had before: one table per group, spanning hundreds of pages.
BASELINE_BODY = """{% load i18n %}<!DOCTYPE html><html lang="cs"><head><meta charset="utf-8">
<title>{{ page.title }}</title><style>
@font-face { font-family: "KPSans"; src: url("{{ font_url }}"); }
@font-face { font-family: "KPSans"; font-weight: bold; src: url("{{ bold_font_url }}"); }
@page { size: A4 landscape; margin: 1.5cm; @bottom-right { content: counter(page) " / "
  counter(pages); font-family: "KPSans"; font-size: 8pt; } }
body { font-family: "KPSans"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #666; padding: 3pt; vertical-align: top; text-align: left; }
td.text { white-space: pre-wrap; }
</style></head><body><h1>{{ page.title }}</h1>
{% for title, anchor, comments in groups %}<h2>{{ title }}</h2><table><thead><tr>
<th>Číslo</th><th>Připomínka</th><th>Autor</th><th>Rozhodnutí</th><th>Zdůvodnění</th>
<th>Odpovědná skupina</th><th>Oddíl</th></tr></thead><tbody>
{% for c in comments %}<tr><td>{{ c.pk }}</td><td class="text">{{ c.text }}</td>
<td>{{ c.display_author }}{% if c.organisation %}, {{ c.organisation }}{% endif %}<br>
{{ c.get_role_display }}</td><td>{{ c.get_decision_display }}</td>
<td class="text">{{ c.decision_reason }}</td><td>{{ c.responsible_group }}</td>
<td>{{ c.next_draft_link }}</td></tr>{% endfor %}</tbody></table>{% endfor %}</body></html>"""


def settlement(count):
    """A stand-in page (what the PDF reads of it) and ``count`` published, decided comments."""
    from django.utils import timezone

    from kp_consultation.mixins import ConsultationSection
    from kp_consultation.models import Comment, Decision, Role, Status

    sections = [ConsultationSection(anchor=f"oddil-{n}", title=f"Oddíl {n}")
                for n in range(1, 11)]
    page = types.SimpleNamespace(pk=1, title="Návrh komunitního plánu (bench)",
                                 comments_settled_at=timezone.now(),
                                 consultation_sections=lambda: sections)
    anchors = [""] + [s.anchor for s in sections]
    roles = [value for value, _label in Role.choices]
    decisions = [value for value, _label in Decision.choices]
    now = timezone.now()
    comments = [
        Comment(pk=n + 1, page_id=1, section=anchors[n % len(anchors)],
                text=f"Připomínka {n}: " + TEXT * (1 + n % 5),
                author_name=f"Pisatel {n}" if n % 2 else "",
                organisation="Obec Kelč" if n % 5 == 0 else "", role=roles[n % len(roles)],
                status=Status.PUBLISHED, decision=decisions[n % len(decisions)],
                decision_reason=REASON * (1 + n % 3), responsible_group="PS Senioři",
                next_draft_link=f"/plan/navrh/#oddil-{n % 10}",
                created_at=now - dt.timedelta(minutes=count - n))
        for n in range(count)]
    return page, comments


def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def baseline_pdf(page, comments):
    from pathlib import Path

    from django.template import engines
    from weasyprint import HTML

    from kp_consultation import conf
    from kp_consultation.exports import settlement_groups

    font = conf.get("KP_CONSULTATION_PDF_FONT")
    html = engines["django"].from_string(BASELINE_BODY).render({
        "page": page, "groups": settlement_groups(page, comments),
        "font_url": Path(font).as_uri(),
        "bold_font_url": Path(conf.get("KP_CONSULTATION_PDF_FONT_BOLD")).as_uri()})
    return HTML(string=html, base_url=str(Path(font).parent)).write_pdf()


def pages_of(pdf):
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def measure(comments=1000, baseline=False):
    from django.utils import translation
    from weasyprint import HTML  # noqa: F401 - imported before timing (about a second)

    from kp_consultation.exports import settlement_pdf

    page, rows = settlement(comments)
    figures = {"comments": comments}
    with translation.override("cs"):
        wall, cpu, pdf = timed(lambda: settlement_pdf(page, rows))
        figures.update(wall_s=round(wall, 1), cpu_s=round(cpu, 1), pages=pages_of(pdf),
                       bytes=len(pdf))
        if baseline:
            wall, base_cpu, pdf = timed(lambda: baseline_pdf(page, rows))
            figures.update(baseline_wall_s=round(wall, 1), baseline_cpu_s=round(base_cpu, 1),
                           baseline_pages=pages_of(pdf), cpu_ratio=round(base_cpu / cpu, 1))
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=1000)
    parser.add_argument("--baseline", action="store_true",
                        help="also render the former one-table layout (about a minute)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpsite.settings.dev")
    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # no line per page
    print(json.dumps(measure(args.comments, args.baseline)))


if __name__ == "__main__":
    main()
