"""Ideas (podněty) for a working group between drafts: the first working group takes them all
year; three arrived, two are answered by the group manager. Left alone once it has ideas."""

import datetime as dt

from django.utils import timezone

from kp_consultation.models import Channel, Comment, Decision, Role, Status
from kp_plans.models import WorkingGroupPage

IDEAS = [
    # (days ago, role, municipality, status, decision, the manager's answer, text)
    (40, Role.SERVICE_USER, "Kelč", Status.PUBLISHED, Decision.ACCEPTED,
     "Děkujeme, svoz k lékaři z obcí bez autobusu zařadíme do příštího návrhu plánu jako "
     "nové opatření.",
     "V malých obcích chybí doprava seniorů k lékaři. Pečovatelská služba vozí jen nákupy."),
    (25, Role.PROVIDER, "Valašské Meziříčí", Status.PUBLISHED, Decision.NOTED,
     "Projednáme na příští schůzce skupiny s poskytovateli odlehčovacích služeb.",
     "Rodiny pečující o člověka s demencí by potřebovaly víkendovou odlehčovací službu."),
    (3, Role.PUBLIC, "", Status.PENDING, "", "",
     "Bylo by dobré zveřejňovat zápisy ze schůzek skupiny dříve než za měsíc."),
]


def load(home, out):
    group = WorkingGroupPage.objects.live().order_by("path").first()
    if group is None or Comment.objects.filter(page=group).exists():
        return
    if not group.ideas_open:
        group.ideas_open = True
        group.save_revision().publish()
    now = timezone.now()
    for index, (days, role, municipality, status, decision, answer, text) in enumerate(IDEAS):
        Comment.objects.create(
            page=group, text=text, role=role, municipality=municipality, status=status,
            channel=Channel.WEB, decision=decision, decision_reason=answer,
            responsible_group=group.title if decision else "",
            created_at=now - dt.timedelta(days=days),
            submission_token=f"demo-idea-{group.pk}-{index}")
    out(f"Podněty pro skupinu: {group.title}")
