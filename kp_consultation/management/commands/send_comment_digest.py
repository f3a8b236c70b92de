from django.core.management.base import BaseCommand

from kp_consultation.notifications import send_digest


class Command(BaseCommand):
    help = ("E-mail each consulted page's managers the comments received since the last "
            "notice. Run daily: in 'digest' mode it sends every notice, in 'immediate' mode "
            "the notices whose e-mail failed.")

    def handle(self, *args, **options):
        sent = send_digest()
        self.stdout.write(f"Odesláno souhrnů: {sent}")
