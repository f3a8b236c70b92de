"""Marking a consultation settled, in a way that survives Wagtail's revisions.

Wagtail keeps a page twice: the live row, and revisions (JSON) that the editor works on. A
value written only to the live row is lost the next time an older-based revision is
published, so ``settle`` writes the live row and the latest revision, keeps its own
``Settlement`` record, and the ``page_published`` handler puts the value back if a
publication ever drops it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import caching
from .mixins import ConsultationState
from .models import Comment, Decision, Settlement, Status
from .notifications import notify_commenters_of_settlement


def settlement_problems(page, now=None):
    """Why the page cannot be settled yet (empty when it can)."""
    problems = []
    state = page.consultation_state(now)
    if state == ConsultationState.SETTLED:
        problems.append(_("The consultation is already settled."))
    elif state != ConsultationState.CLOSED:
        problems.append(_("The comment period has not ended yet."))
    comments = Comment.objects.filter(page=page)
    pending = comments.filter(status=Status.PENDING).count()
    if pending:
        problems.append(_("%(count)s comments still await moderation.") % {"count": pending})
    undecided = comments.for_settlement().filter(decision="").count()
    if undecided:
        problems.append(_("%(count)s published comments have no decision.") % {
            "count": undecided})
    unreasoned = (comments.for_settlement().exclude(decision__in=["", Decision.ACCEPTED])
                  .filter(decision_reason="").count())
    if unreasoned:
        problems.append(_("%(count)s decisions lack a reason.") % {"count": unreasoned})
    return problems


def write_settled_at(page, value):
    """Put ``comments_settled_at`` on the live row and into the latest revision."""
    model = type(page)
    model.objects.filter(pk=page.pk).update(comments_settled_at=value)
    page.comments_settled_at = value
    caching.invalidate(page.pk)
    revision = page.latest_revision
    if revision is not None:
        revision.content["comments_settled_at"] = value.isoformat() if value else None
        type(revision).objects.filter(pk=revision.pk).update(content=revision.content)


def settle(page, user=None, table_url="", now=None):
    problems = settlement_problems(page, now)
    if problems:
        raise ValidationError(problems)
    now = now or timezone.now()
    with transaction.atomic():
        record, _created = Settlement.objects.update_or_create(
            page=page, defaults={"settled_at": now, "settled_by": user})
        write_settled_at(page, now)
    notified = notify_commenters_of_settlement(page, table_url)
    Settlement.objects.filter(pk=record.pk).update(commenters_notified_at=timezone.now())
    return notified


def restore_after_publish(sender, instance, **kwargs):
    """``page_published`` handler: a publication must not undo (or invent) a settlement."""
    from .mixins import ConsultationPageMixin

    page = instance
    if not isinstance(page, ConsultationPageMixin):
        return
    record = Settlement.objects.filter(page_id=page.pk).first()
    expected = record.settled_at if record else None
    if page.comments_settled_at != expected:
        write_settled_at(page, expected)
