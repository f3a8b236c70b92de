import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from kp_consultation import caching
from kp_consultation.models import Comment, Subscriber

from .anonymise_comments import PERSONAL_FIELDS

EXPORTED = ["id", "page_id", "section", "text", "author_name", "organisation", "role",
            "municipality", "email", "consent", "channel", "status",
            "moderation_reason", "created_at", "decision", "decision_reason"]


class Command(BaseCommand):
    help = ("A data subject's request: export (JSON) or erase the personal data of all "
            "comments sent with one e-mail address; erasing or deleting also removes the "
            "address's e-mail subscriptions.")

    def add_arguments(self, parser):
        parser.add_argument("email")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", action="store_true", help="Print the comments as JSON.")
        action.add_argument("--erase", action="store_true",
                            help="Remove name, e-mail, organisation and municipality; the "
                                 "texts stay in the settlement anonymously.")
        action.add_argument("--delete", action="store_true",
                            help="Delete the comments entirely.")

    def handle(self, email, export, erase, delete, **options):
        email = email.strip()
        if "@" not in email:
            raise CommandError("Zadejte e-mailovou adresu.")
        comments = Comment.objects.filter(email__iexact=email)
        if export:
            rows = list(comments.values(*EXPORTED))
            self.stdout.write(json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False,
                                         indent=2))
            return
        caching.invalidate(*comments.values_list("page_id", flat=True).distinct())
        with transaction.atomic():
            subscribers, _ = Subscriber.objects.filter(email__iexact=email).delete()
            if subscribers:
                self.stdout.write("Odběry novinek na tuto adresu smazány.")
            if delete:
                count, _ = comments.delete()
                self.stdout.write(f"Smazáno připomínek: {count}.")
            else:
                count = comments.update(anonymised_at=timezone.now(), **PERSONAL_FIELDS)
                self.stdout.write(f"Osobní údaje odstraněny z připomínek: {count}.")
