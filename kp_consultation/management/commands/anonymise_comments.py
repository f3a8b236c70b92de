"""Remove commenters' personal data after the settlement, and sessions that held form data."""

import calendar
from importlib import import_module

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kp_consultation import caching, conf
from kp_consultation.mixins import ConsultationPageMixin
from kp_consultation.models import Comment, Settlement, consultation_page_models

# Before comments stopped using the session, a refused form's fields (name and e-mail included)
# waited there under this key for the redirect.
FORM_SESSION_KEYS = ("kp_consultation_flash",)
DB_SESSION_ENGINES = ("django.contrib.sessions.backends.db",
                      "django.contrib.sessions.backends.cached_db")

PERSONAL_FIELDS = {"author_name": "", "email": "", "organisation": "", "municipality": ""}


def answered_one_by_one():
    """Content types of pages that answer each comment as it comes (a working group's ideas):
    they are never settled, so their comments' clock starts at the answer."""
    models = [model for model in consultation_page_models()
              if model.decisions_public is not ConsultationPageMixin.decisions_public]
    return list(ContentType.objects.get_for_models(*models).values()) if models else []


def months_ago(now, months):
    year, month_index = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, calendar.monthrange(year, month_index + 1)[1])
    return now.replace(year=year, month=month_index + 1, day=day)


class Command(BaseCommand):
    help = ("Remove commenters' personal data (name, e-mail, organisation, municipality) from "
            "consultations settled more than N months ago, and from ideas answered more than "
            "N months ago; delete expired sessions and "
            "sessions holding form data.")

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int,
                            default=conf.get("KP_CONSULTATION_ANONYMISE_AFTER_MONTHS"))
        parser.add_argument("--dry-run", action="store_true",
                            help="Only count what would be anonymised.")

    def handle(self, *args, months, dry_run, **options):
        cutoff = months_ago(timezone.now(), months)
        pages = Settlement.objects.filter(settled_at__lte=cutoff).values_list("page_id", flat=True)
        comments = Comment.objects.filter(
            Q(page_id__in=list(pages))
            | Q(page__content_type__in=answered_one_by_one(), updated_at__lte=cutoff)
            & ~Q(decision=""),
            anonymised_at__isnull=True)
        count = comments.count()
        if dry_run:
            self.stdout.write(f"Bylo by anonymizováno připomínek: {count} (vypořádáno před "
                              f"{cutoff:%Y-%m-%d}).")
            return
        page_ids = list(comments.values_list("page_id", flat=True).distinct())
        with transaction.atomic():
            comments.update(anonymised_at=timezone.now(), **PERSONAL_FIELDS)
        caching.invalidate(*page_ids)  # update() sends no signals
        self.stdout.write(f"Anonymizováno připomínek: {count}.")
        removed = purge_form_sessions()
        self.stdout.write(f"Smazáno relací s daty formuláře: {removed}.")


def purge_form_sessions():
    """Delete expired sessions and every session that holds a form's data; their number."""
    call_command("clearsessions")
    if settings.SESSION_ENGINE not in DB_SESSION_ENGINES:
        return 0  # cookie or cache sessions expire on their own; nothing to scan
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    removed = 0
    for session in store_class.get_model_class().objects.iterator(chunk_size=500):
        data = session.get_decoded()
        if any(key in data for key in FORM_SESSION_KEYS):
            # Through the store, so that a cached_db copy goes as well.
            store_class(session.session_key).delete()
            removed += 1
    return removed


