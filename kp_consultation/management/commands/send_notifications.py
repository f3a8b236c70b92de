from django.core.management.base import BaseCommand, CommandError

from kp_consultation.follow import sending


class Command(BaseCommand):
    help = ("Send subscribers the news of what they follow (at once or weekly) and commenters "
            "the settlement of their comments. Safe to run from cron every few minutes: each "
            "notice is sent once, failures are retried by the next run.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Only count what would be sent; change and send nothing.")
        parser.add_argument("--batch-size", type=int, default=sending.DEFAULT_BATCH,
                            help=f"Subscribers e-mailed in one run (1 to {sending.MAX_BATCH}).")

    def handle(self, *args, dry_run=False, batch_size=sending.DEFAULT_BATCH, **options):
        if not 1 <= batch_size <= sending.MAX_BATCH:
            raise CommandError(f"--batch-size must be between 1 and {sending.MAX_BATCH}.")
        report = sending.run(batch_size=batch_size, dry_run=dry_run, say=self.stdout.write)
        if not dry_run:
            self.stdout.write(f"Odesláno: {report.sent}, selhalo: {report.failed}")
