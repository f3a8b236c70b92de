"""Accepting a comment: the one path shared by the HTML form and the API.

The checks run in a fixed order (page, period, honeypot, fill time, rate limit, content), so
a closed consultation answers the same whatever else is wrong with the request.
"""

import secrets
import time

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, PageViewRestriction

from . import conf
from .forms import CommentForm
from .mixins import ConsultationPageMixin, ConsultationState
from .models import Channel, Comment, Status
from .notifications import notify_managers_of_new_comment, send_comment_receipt
from .ratelimit import over_limit

TOKEN_SALT = "kp_consultation.form-token"  # noqa: S105 - a signing salt, not a secret


class SubmissionRefused(Exception):
    def __init__(self, message, status=400, errors=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.errors = errors or {}


# A page never changes its type: remembering it lets later look-ups load the specific page in
# one query instead of two (a comment rush before the deadline hits the same few pages).
_page_models = {}


def _live(model, page_id):
    # get(), not first(): first() orders by the tree path and costs a second compile of the
    # query, which for a page's forty columns is most of the look-up (1.2 ms against 0.6 ms).
    try:
        return model.objects.live().get(pk=page_id)
    except model.DoesNotExist:
        return None


def consultation_page(page_id):
    """The live page with this id if it takes part in consultations, else None."""
    model = _page_models.pop(page_id, None)
    if model is not None:
        page = _live(model, page_id)
        if page is not None:
            _page_models[page_id] = model
            return page
    page = _live(Page, page_id)
    if page is None:
        return None
    page = page.specific
    if not isinstance(page, ConsultationPageMixin):
        return None
    _page_models[page_id] = type(page)
    return page


def view_restrictions(page):
    """The Wagtail view restrictions of the page and its ancestors.

    The same set as ``page.get_view_restrictions()`` in one query: the ancestors' paths are
    prefixes of the page's own, so they need not be loaded first. An alias is resolved to its
    source by Wagtail's own method.
    """
    if page.alias_of_id:
        return list(page.get_view_restrictions())
    paths = [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]
    return list(PageViewRestriction.objects.filter(page__path__in=paths))


def is_restricted(page):
    """True if the page or an ancestor has a Wagtail view restriction (password, login, groups).

    The API leaves such pages out entirely, for every caller: it is anonymous and cookie-less by
    design, so no session can carry a passed password or a login into it.
    """
    return bool(view_restrictions(page))


def passes_restrictions(page, request):
    """True if this visitor may see the page as Wagtail's own serve view decides it."""
    return all(restriction.accept_request(request) for restriction in view_restrictions(page))


def issue_form_token():
    """A signed nonce with the render time: proves fill time and identifies one submission."""
    return signing.dumps({"n": secrets.token_hex(16), "t": int(time.time())}, salt=TOKEN_SALT)


def read_form_token(token):
    """(nonce, rendered_at) or raise SubmissionRefused."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT,
                             max_age=conf.get("KP_CONSULTATION_FORM_MAX_AGE"))
    except signing.SignatureExpired as error:
        raise SubmissionRefused(
            _("The form has expired. Copy your text, reload the page and send it again."),
        ) from error
    except signing.BadSignature as error:
        raise SubmissionRefused(
            _("The form is damaged. Reload the page and send it again."),
        ) from error
    return data["n"], data["t"]


def local(value):
    return dateformat.format(timezone.localtime(value), "j. n. Y G:i")


def check_period(page, now=None):
    state = page.consultation_state(now)
    if state == ConsultationState.OPEN:
        return
    if state == ConsultationState.UPCOMING:
        message = _("Comments on this document can be sent from %(start)s.") % {
            "start": local(page.comment_period_start)}
    elif state == ConsultationState.NOT_SCHEDULED:
        message = _("This document is not open for comments.")
    else:
        message = _("The comment period ended on %(end)s. Comments are no longer accepted.") % {
            "end": local(page.comment_period_end)}
    raise SubmissionRefused(message, status=403)


def check_web_form(honeypot, form_token):
    """The robot checks of a web form (honeypot, signed render time); returns its nonce."""
    if honeypot:
        raise SubmissionRefused(
            _("The form could not be sent. Leave the field marked as not to be filled "
              "empty."))
    nonce, rendered_at = read_form_token(form_token)
    if time.time() - rendered_at < conf.get("KP_CONSULTATION_MIN_FILL_SECONDS"):
        raise SubmissionRefused(
            _("The form was sent too quickly after it was opened. Check your text and "
              "send it again."))
    return nonce


def check_rate_limit(ip, scope="comment"):
    if over_limit(scope, ip, conf.get("KP_CONSULTATION_RATE_LIMIT"),
                  conf.get("KP_CONSULTATION_RATE_WINDOW")):
        raise SubmissionRefused(
            _("Too many comments from your address in a short time. Please wait a few minutes "
              "and try again."),
            status=429,
        )


def submit(page, data, *, channel, ip, token=None, honeypot="", form_token=None, now=None):
    """Validate and store a comment from the public. Returns (comment, created).

    ``form_token`` (web form) carries the render time and the submission nonce; ``token``
    (API) is a client's optional idempotency key.
    """
    check_period(page, now)
    if form_token is not None or channel == Channel.WEB:
        token = f"web-{check_web_form(honeypot, form_token)}"
    elif token:
        # A client's key is only unique within its own consultation: the same key sent to
        # another page is a different comment, not a retry.
        token = f"api-{page.pk}-{token}"
    if token:
        existing = Comment.objects.filter(submission_token=token).first()
        if existing is not None:
            return existing, False
    check_rate_limit(ip)

    form = CommentForm(data, page=page)
    if not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        raise SubmissionRefused(
            _("The comment was not sent. Correct the marked fields."), errors=errors)
    cleaned = form.cleaned_data
    comment = Comment(
        page=page, channel=channel,
        status=Status.PENDING if page.comments_premoderated else Status.PUBLISHED,
        submission_token=token or None,
        section=cleaned["section"] or "", paragraph=cleaned["paragraph"] or "",
        text=cleaned["text"],
        author_name=cleaned["author_name"], organisation=cleaned["organisation"],
        role=cleaned["role"], municipality=cleaned["municipality"], email=cleaned["email"],
        consent=cleaned["consent"],
    )
    try:
        with transaction.atomic():
            comment.save()
            # After the commit, so a mail server's failure or silence cannot undo the comment;
            # both log their failures instead of raising.
            transaction.on_commit(lambda: send_comment_receipt(comment))
            transaction.on_commit(lambda: notify_managers_of_new_comment(comment))
    except IntegrityError:
        # The same submission raced itself (a double click): the first one won.
        existing = Comment.objects.filter(submission_token=token).first() if token else None
        if existing is None:
            raise
        return existing, False
    return comment, True


def success_message(comment):
    return status_message(comment.status)


def status_message(status):
    if status == Status.PUBLISHED:
        return _("Thank you, your comment has been published.")
    return _("Thank you, your comment has been received. It will be published after "
             "moderation.")
