"""Subscribers (an e-mail address, never public), their subscriptions, events and deliveries.

Idempotent sending rests on two unique keys: an event is recorded once (``Event.key``) and
delivered once to each subscriber (``Delivery`` is unique per subscriber and event).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Frequency(models.TextChoices):
    INSTANT = "instant", _("at once")
    WEEKLY = "weekly", _("weekly digest")


class Subscriber(models.Model):
    """One e-mail address. It is never shown anywhere public and never in the API."""

    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.WEEKLY)
    # Raised to revoke every link sent before (manage, unsubscribe).
    token_version = models.PositiveIntegerField(default=1, editable=False)
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return f"#{self.pk}"


class Subscription(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE,
                                   related_name="subscriptions")
    topic_kind = models.CharField(_("topic"), max_length=20)
    topic_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Null until the owner of the address follows the confirmation link (double opt-in).
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [models.UniqueConstraint(fields=["subscriber", "topic_kind", "topic_id"],
                                               name="kp_subscription_unique_topic")]
        indexes = [models.Index(fields=["topic_kind", "topic_id", "confirmed_at"],
                                name="kp_subscription_topic")]

    def __str__(self):
        return f"{self.topic_kind}:{self.topic_id}"


class Event(models.Model):
    """Something subscribers of a topic are told about, recorded once under its ``key``."""

    key = models.CharField(max_length=200, unique=True)
    topic_kind = models.CharField(max_length=20)
    topic_id = models.PositiveBigIntegerField()
    kind = models.CharField(pgettext_lazy("event", "kind"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("address"), max_length=500)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    # Set once a delivery row exists for every confirmed subscriber of the topic.
    expanded_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("notification event")
        verbose_name_plural = _("notification events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title


class Delivery(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE,
                                   related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    # A run claims rows before sending; a claim older than CLAIM_TIMEOUT is taken over (the
    # run that made it died between the claim and the send).
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["subscriber", "event"],
                                               name="kp_delivery_once")]

    def __str__(self):
        return f"{self.event_id} → {self.subscriber_id}"
