"""What the import commands print: errors on stderr, then the counts; a plan with errors ends
the command with a failure."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from kp_catalogue.exchange.importing.engine import ERROR


def report(command, plan, dry_run, error_line, describe=None):
    """``error_line`` formats a failed row's errors; ``describe`` (optional) a change."""
    for message in plan.file_errors:
        command.stderr.write(message)
    for row in plan.rows:
        if row.action == ERROR:
            command.stderr.write(error_line % {"line": row.line, "errors": "; ".join(row.errors)})
        elif describe and row.action != "unchanged":
            command.stdout.write(describe(row))
    if plan.missing:
        command.stdout.write(_("Not in the register any more: %(list)s")
                             % {"list": ", ".join(plan.missing)})
    command.stdout.write(_("New: %(new)s, updated: %(update)s, unchanged: %(unchanged)s, "
                           "errors: %(error)s.") % plan.counts)
    if plan.has_errors:
        raise CommandError(_("Nothing was imported: fix the errors and run again."))
    command.stdout.write(_("Dry run: nothing was written.") if dry_run else _("Imported."))
