"""Signed links sent by e-mail: confirm, manage or unsubscribe, and "my comments".

Each token names its purpose in the salt, so one kind of link never works as another. Manage
and unsubscribe tokens carry the subscriber's ``token_version``: raising it revokes every link
sent before. Unsubscribe links never expire (RFC 8058 expects them to keep working).
"""

from django.core import signing

CONFIRM_SALT = "kp_consultation.follow.confirm"
MANAGE_SALT = "kp_consultation.follow.manage"
UNSUBSCRIBE_SALT = "kp_consultation.follow.unsubscribe"
MY_COMMENTS_SALT = "kp_consultation.follow.my-comments"

CONFIRM_MAX_AGE = 3 * 24 * 3600
MANAGE_MAX_AGE = 90 * 24 * 3600
MY_COMMENTS_MAX_AGE = 30 * 24 * 3600


def confirm_token(subscription):
    return signing.dumps({"s": subscription.pk, "b": subscription.subscriber_id},
                         salt=CONFIRM_SALT)


def read_confirm_token(token):
    """(subscription id, subscriber id) or None."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        return int(data["s"]), int(data["b"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def subscriber_token(subscriber, salt):
    return signing.dumps({"b": subscriber.pk, "v": subscriber.token_version}, salt=salt)


def read_subscriber_token(token, salt, max_age=None):
    """(subscriber id, token version) or None."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
        return int(data["b"]), int(data["v"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def my_comments_token(email):
    return signing.dumps({"e": email.strip().lower()}, salt=MY_COMMENTS_SALT)


def read_my_comments_token(token):
    """The e-mail address the link was sent to, or None when forged or expired."""
    try:
        data = signing.loads(token, salt=MY_COMMENTS_SALT, max_age=MY_COMMENTS_MAX_AGE)
        return str(data["e"])
    except (signing.BadSignature, KeyError, TypeError):
        return None
