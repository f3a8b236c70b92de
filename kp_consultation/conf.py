"""Settings of the consultation app, each with a default (documented in docs/consultation.md)."""

from django.conf import settings

DEFAULTS = {
    # Comments accepted from one IP address per window (through Django's cache).
    "KP_CONSULTATION_RATE_LIMIT": 10,
    "KP_CONSULTATION_RATE_WINDOW": 600,
    # A form sent sooner than this after it was rendered is a robot's.
    "KP_CONSULTATION_MIN_FILL_SECONDS": 3,
    # A rendered form stays valid this long (a long comment takes time to write).
    "KP_CONSULTATION_FORM_MAX_AGE": 2 * 24 * 3600,
    # The confirmation after a comment is shown for this long after the redirect.
    "KP_CONSULTATION_SENT_MAX_AGE": 600,
    # Settlement exports built at the same time across all processes (each costs seconds).
    "KP_CONSULTATION_RENDER_SLOTS": 2,
    # "immediate" or "digest" (then run `manage.py send_comment_digest` daily).
    "KP_CONSULTATION_MANAGER_NOTIFICATIONS": "immediate",
    # Personal data of commenters is removed this many months after the settlement.
    "KP_CONSULTATION_ANONYMISE_AFTER_MONTHS": 12,
    # Font embedded in the settlement PDF; it must cover Czech diacritics.
    "KP_CONSULTATION_PDF_FONT": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "KP_CONSULTATION_PDF_FONT_BOLD": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
