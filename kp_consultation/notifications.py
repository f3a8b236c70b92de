"""E-mails: new comments to the page's managers; to commenters who left an address with
consent, a receipt of each comment and the decisions once the consultation is settled."""

import hashlib
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf
from .follow.tokens import my_comments_token
from .ratelimit import over_limit

logger = logging.getLogger(__name__)


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def moderation_url(page_id):
    return admin_url(reverse("kp_consultation_comment_modeladmin_index") + f"?page={page_id}")


def _send_to_managers(page, comments):
    recipients = [email for email in page.consultation_manager_emails() if email]
    if not recipients or not comments:
        return False
    context = {"page": page, "comments": comments, "moderation_url": moderation_url(page.pk)}
    subject = _("New comments on %(title)s: %(count)s") % {
        "title": page.title, "count": len(comments)}
    send_mail(subject, render_to_string("kp_consultation/email/new_comments.txt", context),
              None, recipients)
    return True


def notify_managers_of_new_comment(comment):
    """Immediate mode only; in digest mode the daily command picks the comment up."""
    from .models import Comment

    if conf.get("KP_CONSULTATION_MANAGER_NOTIFICATIONS") != "immediate":
        return
    page = comment.page.specific
    try:
        sent = _send_to_managers(page, [comment])
    except Exception:  # noqa: BLE001 - any mail failure: the comment is stored, the digest retries
        # It runs after the commit, inside the commenter's request: raising would answer 500
        # for a comment that is already stored. Left unmarked, the comment goes out with the
        # next `send_comment_digest`.
        logger.exception("Notice of comment %s to the managers failed", comment.pk)
        return
    if sent:
        Comment.objects.filter(pk=comment.pk).update(managers_notified_at=timezone.now())


def send_digest():
    """One e-mail per page with every comment the managers have not been told about."""
    from .models import Comment

    pending = Comment.objects.filter(managers_notified_at__isnull=True).select_related("page")
    by_page = defaultdict(list)
    for comment in pending:
        by_page[comment.page_id].append(comment)
    sent = 0
    for comments in by_page.values():
        page = comments[0].page.specific
        if _send_to_managers(page, comments):
            sent += 1
        # Comments on pages without managers are marked too, or they would pile up forever.
        Comment.objects.filter(pk__in=[c.pk for c in comments]).update(
            managers_notified_at=timezone.now())
    return sent


def notify_commenters_of_settlement(page, table_url):
    """Tell every commenter who left an e-mail and consented how their comments were settled.

    Leaving an address with consent is the request: the form says the decision will be
    e-mailed, and there is no separate box to tick.

    Each address is marked as soon as its own e-mail is sent, so a failure (logged, not raised:
    the settlement itself is already recorded) leaves only the addresses not yet told, and the
    next run of ``send_notifications`` tells them; nobody is told twice.
    """
    from .models import Comment

    comments = (Comment.objects.for_settlement()
                .filter(page=page, consent=True,
                        settlement_notified_at__isnull=True)
                .exclude(email=""))
    by_email = defaultdict(list)
    for comment in comments:
        by_email[comment.email.lower()].append(comment)
    sections = page.consultation_sections()
    sent = 0
    for email, own in by_email.items():
        rows = [(c, c.section_title(sections)) for c in own]
        my_url = my_comments_url(email)
        body = render_to_string("kp_consultation/email/settlement.txt",
                                {"page": page, "rows": rows, "table_url": table_url,
                                 "my_comments_url": my_url})
        try:
            send_mail(_("Settlement of your comments on %(title)s") % {"title": page.title},
                      body, None, [email])
        except Exception:  # noqa: BLE001 - any mail failure: retried by the next run
            logger.exception("Settlement e-mail to a commenter of page %s failed", page.pk)
            continue
        Comment.objects.filter(pk__in=[c.pk for c in own]).update(
            settlement_notified_at=timezone.now())
        sent += 1
    return sent


# Receipts one address may receive per hour: the form accepts any address, so a stranger
# could otherwise use it to flood someone's mailbox with "we received your comment".
RECEIPTS_PER_ADDRESS = 5
RECEIPT_WINDOW = 3600


def address_may_receive(email, scope, limit, window):
    """Count one e-mail to ``email``; False once more than ``limit`` went within ``window``."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return not over_limit(scope, digest, limit, window)


def my_comments_url(email):
    return public_url(reverse("kp_consultation:my_comments", args=[my_comments_token(email)]))


def answers_one_by_one(page):
    from .mixins import ConsultationPageMixin

    return type(page).decisions_public is not ConsultationPageMixin.decisions_public


def send_comment_receipt(comment):
    """Tell a commenter who left an address with consent that the comment arrived.

    Fails open: the comment is already stored, so a mail error is logged and the person still
    sees their comment accepted (the decision e-mail later does not depend on this one).
    """
    from .models import Status

    if not (comment.email and comment.consent):
        return False
    if not address_may_receive(comment.email, "receipt-mail", RECEIPTS_PER_ADDRESS,
                               RECEIPT_WINDOW):
        return False
    try:
        page = comment.page.specific
        sections = page.consultation_sections()
        body = render_to_string("kp_consultation/email/comment_received.txt", {
            "page": page, "comment": comment, "section": comment.section_title(sections),
            "published": comment.status == Status.PUBLISHED,
            # A working group's ideas are answered one by one, never settled and e-mailed.
            "answered_one_by_one": answers_one_by_one(page),
            "my_comments_url": my_comments_url(comment.email)})
        send_mail(_("Your comment on %(title)s was received") % {"title": page.title},
                  body, None, [comment.email])
    except Exception:  # noqa: BLE001 - any mail failure: the comment stays accepted
        logger.exception("Receipt e-mail for comment %s failed", comment.pk)
        return False
    return True


def public_url(path):
    """An absolute address of a public page (e-mails need them)."""
    return admin_url(path)
