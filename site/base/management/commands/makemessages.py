"""``makemessages`` that also extracts the admin's plural count labels.

The listings write their counts through ``count_label("%(count)s …", "%(count)s …s")``
(kp_catalogue/admin/viewsets.py), which calls ``ngettext`` later; xgettext knows only the
gettext names, so without this keyword ``make messages --no-obsolete`` dropped the labels and
the admin counted in English."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=count_label:1,2"]
