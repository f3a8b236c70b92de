"""Remove personal data that the public forms collected, once it has served its purpose.

- Conference registrations (names, e-mails) are deleted N days after the conference ends:
  they exist to run the conference and to confirm the place.
- Needs survey answers are kept for the plan's analysis, but answers to e-mail questions are
  emptied N days after the survey closes (a survey without a closing date is left alone).

N is ``--days`` or ``KP_PLANS_FORM_DATA_DAYS`` (default 90). Run it monthly, with
``anonymise_comments`` (which also clears sessions).
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from kp_plans.models import ConferencePage, NeedsSurveyPage, SurveyFormField

DEFAULT_DAYS = 90


class Command(BaseCommand):
    help = ("Delete conference registrations N days after the conference and empty e-mail "
            "answers of needs surveys N days after they closed.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int,
                            default=getattr(settings, "KP_PLANS_FORM_DATA_DAYS", DEFAULT_DAYS))
        parser.add_argument("--dry-run", action="store_true",
                            help="Only count what would be removed.")

    def handle(self, *args, days, dry_run, **options):
        cutoff = timezone.now() - dt.timedelta(days=days)
        conference_ids = list(ConferencePage.objects.filter(end__lte=cutoff)
                              .values_list("pk", flat=True))
        registrations = FormSubmission.objects.filter(page_id__in=conference_ids)
        survey_ids = list(NeedsSurveyPage.objects.filter(closes_at__lte=cutoff)
                          .values_list("pk", flat=True))
        email_questions = {}
        for page_id, name in SurveyFormField.objects.filter(
                page_id__in=survey_ids, field_type="email").values_list("page_id", "clean_name"):
            email_questions.setdefault(page_id, []).append(name)
        answers = [answer for answer in FormSubmission.objects.filter(
                       page_id__in=list(email_questions)).iterator(chunk_size=500)
                   if any(answer.form_data.get(name) for name in email_questions[answer.page_id])]
        if dry_run:
            self.stdout.write(f"Bylo by smazáno registrací: {registrations.count()}; "
                              f"anonymizováno odpovědí: {len(answers)}.")
            return
        with transaction.atomic():
            deleted, _by_model = registrations.delete()
            for answer in answers:
                for name in email_questions[answer.page_id]:
                    if name in answer.form_data:
                        answer.form_data[name] = ""
                answer.save(update_fields=["form_data"])
        self.stdout.write(f"Smazáno registrací: {deleted}; anonymizováno odpovědí: "
                          f"{len(answers)}.")
