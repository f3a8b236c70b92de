"""Following by e-mail in the demo: a few confirmed subscribers of the plan, of a working group
and of one municipality's catalogue (example.cz addresses; the demo sends nothing by itself,
``manage.py send_notifications`` does, to the console in development).
"""

from django.utils import timezone

from kp_catalogue.models import Municipality
from kp_consultation.follow.models import Frequency, Subscriber, Subscription
from kp_plans.models import CommunityPlanPage, WorkingGroupPage

SUBSCRIBERS = [
    # (address, frequency, what they follow)
    ("jana.odberatelka@example.cz", Frequency.INSTANT, ["plan", "group"]),
    ("pecujici.rodina@example.cz", Frequency.WEEKLY, ["plan"]),
    ("obecni.urad.kelc@example.cz", Frequency.WEEKLY, ["obec"]),
]


def topics():
    plan = CommunityPlanPage.objects.live().order_by("path").first()
    group = WorkingGroupPage.objects.live().order_by("path").first()
    municipality = (Municipality.objects.filter(name="Kelč").first()
                    or Municipality.objects.order_by("pk").first())
    return {kind: obj for kind, obj in
            [("plan", plan), ("group", group), ("obec", municipality)] if obj is not None}


def load(home, out):
    available = topics()
    now = timezone.now()
    for email, frequency, kinds in SUBSCRIBERS:
        subscriber, created = Subscriber.objects.get_or_create(
            email=email, defaults={"frequency": frequency})
        if not created:
            continue
        for kind in kinds:
            if kind in available:
                Subscription.objects.get_or_create(
                    subscriber=subscriber, topic_kind=kind, topic_id=available[kind].pk,
                    defaults={"confirmed_at": now})
        out(f"Odběr novinek: {email}")
