"""Two provider organisations, each with an account, a published service with a pending draft
in the approval workflow, and marker strings that must never reach the other organisation."""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from wagtail.models import APIToken, Workflow

from kp_catalogue.accounts.access import EDITORS_GROUP, PROVIDERS_GROUP, WORKFLOW_NAME
from kp_catalogue.models import ProviderMembership
from tests.factories.catalogue import ContactFactory, ProviderFactory, ServiceFactory

PASSWORD = "Heslo-pro-testy-1"  # noqa: S105


@dataclass
class Org:
    provider: object
    service: object
    user: object
    marker: str          # in published data (public on the web, never in the other org's admin)
    draft_marker: str    # only in pending drafts and private contacts: never public at all
    token: str = ""


def make_provider_user(django_user_model, username, provider):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.cz", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=PROVIDERS_GROUP))
    ProviderMembership.objects.create(user=user, provider=provider)
    return user


def make_editor(django_user_model, username="redaktor"):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.cz", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def make_org(django_user_model, label, editor):
    marker = f"ZNACKA{label}VEREJNA"
    draft_marker = f"ZNACKA{label}SOUKROMA"
    provider = ProviderFactory(name=f"Organizace {marker}", description=f"Popis {marker}")
    service = ServiceFactory(provider=provider, name=f"Služba {marker}",
                             description=f"Popis {marker}")
    ContactFactory(service=service, name=f"Kontakt {draft_marker}", is_public=False)
    user = make_provider_user(django_user_model, f"poskytovatel{label.lower()}", provider)
    # A published revision, then a pending draft submitted to the approval workflow.
    for obj in (service, provider):
        obj.save_revision(user=editor).publish(user=editor)
        obj.description = f"Rozpracováno {draft_marker}"
        obj.save_revision(user=user)
        Workflow.objects.get(name=WORKFLOW_NAME).start(obj, user)
    service.refresh_from_db()
    provider.refresh_from_db()
    _token, plaintext = APIToken.create_token(user=user, name=f"Klíč {draft_marker}")
    return Org(provider, service, user, marker, draft_marker, plaintext)
