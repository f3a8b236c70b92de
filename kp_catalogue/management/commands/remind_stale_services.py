"""E-mails each provider a list of its services whose data nobody has confirmed for too long.

A provider is reminded at most once per KP_CATALOGUE_STALE_REMINDER_DAYS (default 30), so the
command can run daily from cron.
"""

import datetime as dt
import logging
import smtplib
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_admin_base_url

from kp_catalogue.freshness import stale_after_months, stale_services
from kp_catalogue.models import ProviderMembership, StaleReminder

logger = logging.getLogger("kp_catalogue.mail")


def reminder_interval():
    return dt.timedelta(days=getattr(settings, "KP_CATALOGUE_STALE_REMINDER_DAYS", 30))


def provider_contacts(provider):
    """The organisation's own address and its account holders' addresses."""
    addresses = [provider.email] + list(
        ProviderMembership.objects.filter(provider=provider, user__is_active=True)
        .values_list("user__email", flat=True)
    )
    seen, result = set(), []
    for address in addresses:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            result.append(address)
    return result


class Command(BaseCommand):
    help = "E-mail providers whose services have not been verified for too long."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Only list who would be reminded; send and record nothing.")

    def handle(self, *args, dry_run=False, **options):
        by_provider = defaultdict(list)
        for service in stale_services().order_by("provider__name", "name"):
            by_provider[service.provider].append(service)
        recent = set(StaleReminder.objects.filter(
            sent_at__gte=timezone.now() - reminder_interval()).values_list("provider_id", flat=True))
        sent, failed = 0, []
        for provider, services in by_provider.items():
            if provider.pk in recent:
                continue
            recipients = provider_contacts(provider)
            if not recipients:
                self.stderr.write(_("%(provider)s: no e-mail address") % {"provider": provider.name})
                continue
            self.stdout.write(f"{provider.name}: {len(services)} -> {', '.join(recipients)}")
            if dry_run:
                continue
            context = {"provider": provider, "services": services,
                       "months": stale_after_months(),
                       "admin_url": get_admin_base_url() + reverse("wagtailadmin_home")}
            try:
                send_mail(
                    subject=_("Please check your services in the catalogue"),
                    message=render_to_string("kp_catalogue/emails/stale_reminder.txt", context),
                    from_email=None, recipient_list=recipients,
                )
            except (smtplib.SMTPException, OSError) as error:
                # One refused or unreachable mailbox must not cost the providers after it their
                # reminder; nothing is recorded, so the next daily run tries this one again.
                logger.warning("Stale reminder to %s not sent: %s", provider.name, error)
                self.stderr.write(_("%(provider)s: the e-mail was not sent (%(error)s)")
                                  % {"provider": provider.name, "error": error})
                failed.append(provider.name)
                continue
            StaleReminder.objects.create(provider=provider, service_count=len(services))
            sent += 1
        self.stdout.write(_("Reminders sent: %(count)s") % {"count": sent}
                          if not dry_run else _("Dry run: nothing sent."))
        if failed:
            # A non-zero exit tells cron that some providers wait for the next run.
            raise CommandError(_("Reminders not sent (tried again on the next run): %(names)s")
                               % {"names": ", ".join(failed)})
