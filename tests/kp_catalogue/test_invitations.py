"""Invitations of provider users and the ownership of e-mail addresses (issue 14, item 1):
an invitation grants nothing until the invitee accepts through the link sent to the address."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kp_catalogue.accounts.invitations import InvalidInvitation, create_account
from kp_catalogue.models import ProviderInvitation, ProviderMembership
from tests.kp_catalogue.admin_forms import form_values

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_kp_catalogue_providerinvitation:add"
NEW_PASSWORD = "Dlouhe-Heslo-Pozvanky-7"  # noqa: S105


def invite(client, editor, email, provider):
    client.force_login(editor)
    mail.outbox.clear()
    response = client.post(reverse(ADD), {"email": email, "provider": provider.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return ProviderInvitation.objects.get(email__iexact=email, provider=provider)


def link_in(message):
    return re.search(r"https?://\S+/katalog-pozvanka/\S+/", message.body).group(0)


def path_of(link):
    return link.split("testserver", 1)[1]


def test_invitation_creates_nothing_until_accepted(client, editor, org_a):
    users = get_user_model().objects.count()
    invitation = invite(client, editor, "novy@charita.example", org_a.provider)
    assert get_user_model().objects.count() == users
    assert not ProviderMembership.objects.filter(user__email="novy@charita.example").exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["novy@charita.example"]
    path = path_of(link_in(mail.outbox[0]))
    page = client.get(path)
    assert page.status_code == 200 and org_a.marker in page.content.decode()
    weak = client.post(path, {"first_name": "Jana", "last_name": "Nová", "password1": "123",
                              "password2": "123"})
    assert weak.status_code == 400 and not get_user_model().objects.filter(
        email="novy@charita.example").exists()
    response = client.post(path, {"first_name": "Jana", "last_name": "Nová",
                                  "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user = get_user_model().objects.get(email="novy@charita.example")
    assert user.check_password(NEW_PASSWORD)
    assert ProviderMembership.objects.filter(user=user, provider=org_a.provider).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # Logged in as the new account; the link is spent.
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(path).status_code == 410


def test_takeover_by_setting_someone_elses_address_fails(client, editor, org_a, org_b):
    """The attack of the issue: A puts B's public address on its own account; an editor then
    invites that address for B. A must not get B."""
    public_address = "info@organizace-b.example"
    org_a.user.email = public_address
    org_a.user.save()
    invitation = invite(client, editor, public_address, org_b.provider)
    assert not ProviderMembership.objects.filter(user=org_a.user,
                                                 provider=org_b.provider).exists()
    assert mail.outbox[0].to == [public_address]
    client.force_login(org_a.user)
    listing = client.get(reverse("wagtailsnippets_kp_catalogue_service:list")).content.decode()
    assert org_b.marker not in listing
    # B's real holder of the mailbox opens the link: it cannot take A's account or make one.
    path = path_of(link_in(mail.outbox[0]))
    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and "Účet s touto adresou už existuje" in page.content.decode()
    client.post(path, {"first_name": "X", "last_name": "Y", "password1": NEW_PASSWORD,
                       "password2": NEW_PASSWORD})
    assert get_user_model().objects.filter(email__iexact=public_address).count() == 1
    assert not ProviderMembership.objects.filter(provider=org_b.provider,
                                                 user=org_a.user).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_existing_account_joins_only_when_logged_in_as_itself(client, editor, org_a, org_b):
    invite(client, editor, org_a.user.email.upper(), org_b.provider)
    path = path_of(link_in(mail.outbox[0]))
    # Logged in as another account: refused, nothing granted.
    client.force_login(org_b.user)
    other = client.get(path)
    assert other.status_code == 403
    client.post(path)
    assert not ProviderMembership.objects.filter(user=org_b.user).exclude(
        provider=org_b.provider).exists()
    assert not ProviderMembership.objects.filter(user=org_a.user,
                                                 provider=org_b.provider).exists()
    # Not logged in: asked to log in, nothing granted by a POST.
    client.logout()
    assert client.get(path).status_code == 200
    client.post(path)
    assert not ProviderMembership.objects.filter(user=org_a.user,
                                                 provider=org_b.provider).exists()
    # Its owner, logged in, confirms.
    client.force_login(org_a.user)
    assert "Přijmout" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    assert ProviderMembership.objects.filter(user=org_a.user, provider=org_b.provider).exists()


@pytest.mark.parametrize("change", ["forged", "expired", "revoked", "resent"])
def test_bad_links_grant_nothing(client, editor, org_a, change):
    invitation = invite(client, editor, "novy@charita.example", org_a.provider)
    path = path_of(link_in(mail.outbox[0]))
    if change == "forged":
        # Another invitation's id under the same signature does not verify.
        path = path.replace("katalog-pozvanka/", "katalog-pozvanka/W1").rstrip("/") + "x/"
    elif change == "expired":
        ProviderInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1))
    elif change == "revoked":
        client.force_login(editor)
        edit = reverse("wagtailsnippets_kp_catalogue_providerinvitation:edit",
                       args=[invitation.pk])
        assert client.post(edit, {"action": "revoke"}).status_code == 302
        client.logout()
    elif change == "resent":
        client.force_login(editor)
        edit = reverse("wagtailsnippets_kp_catalogue_providerinvitation:edit",
                       args=[invitation.pk])
        mail.outbox.clear()
        assert client.post(edit, {"action": "resend"}).status_code == 302
        client.logout()
        assert client.get(path_of(link_in(mail.outbox[0]))).status_code == 200
    for response in (client.get(path), client.post(path, {
            "first_name": "X", "last_name": "Y", "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD})):
        assert response.status_code in (404, 410)
        assert "pozvánk" in response.content.decode().lower()
    assert not get_user_model().objects.filter(email="novy@charita.example").exists()


def test_editors_see_pending_invitations(client, editor, org_a):
    invite(client, editor, "ceka@charita.example", org_a.provider)
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_kp_catalogue_providerinvitation:list"))
    assert "ceka@charita.example" in listing.content.decode()
    # "Add" on the memberships leads to a new invitation, never to a direct membership.
    add = client.get(reverse("wagtailsnippets_kp_catalogue_providermembership:add"))
    assert add.status_code == 302 and add["Location"] == reverse(ADD)


def test_providers_cannot_invite(client, org_a, org_b):
    client.force_login(org_a.user)
    mail.outbox.clear()
    response = client.post(reverse(ADD), {"email": "utocnik@example.cz",
                                          "provider": org_b.provider.pk})
    assert response.status_code == 403
    assert not ProviderInvitation.objects.exists() and len(mail.outbox) == 0


def test_addresses_are_unique_without_case_in_the_database(django_user_model):
    django_user_model.objects.create_user(username="prvni", email="Jana@Example.cz")
    with pytest.raises(IntegrityError), transaction.atomic():
        django_user_model.objects.create_user(username="druhy", email="jana@example.CZ")
    # Accounts without an address are not limited.
    django_user_model.objects.create_user(username="treti", email="")
    django_user_model.objects.create_user(username="ctvrty", email="")


# --- Changing an account's e-mail address ----------------------------------------------------

ACCOUNT = "/admin/account/"


def account_post(client, **fields):
    page = client.get(ACCOUNT).content.decode()
    data = {key: value for key, value in form_values(page).items() if value is not None}
    # Wagtail requires a name on the account form.
    data.update({"name_email-first_name": "Jana", "name_email-last_name": "Testová"}, **fields)
    return client.post(ACCOUNT, data)


def confirm_link(message):
    return path_of(re.search(r"https?://\S+/admin/ucet/email/\S+/", message.body).group(0))


def test_account_page_cannot_set_an_address_directly(client, org_a):
    client.force_login(org_a.user)
    before = org_a.user.email
    account_post(client, **{"name_email-email": "info@organizace-b.example"})
    org_a.user.refresh_from_db()
    assert org_a.user.email == before


def test_new_address_is_set_only_from_the_link_sent_to_it(client, org_a, org_b):
    client.force_login(org_a.user)
    old = org_a.user.email
    mail.outbox.clear()
    response = account_post(client, **{"kp_email-new_email": "nova@charita.example"})
    assert response.status_code == 302
    org_a.user.refresh_from_db()
    assert org_a.user.email == old
    to_new = [m for m in mail.outbox if m.to == ["nova@charita.example"]]
    to_old = [m for m in mail.outbox if m.to == [old]]
    assert len(to_new) == 1 and len(to_old) == 1
    assert "nova@charita.example" in to_old[0].body
    link = confirm_link(to_new[0])
    # Another account cannot use the link.
    client.force_login(org_b.user)
    assert client.get(link).status_code == 404
    org_b.user.refresh_from_db()
    assert org_b.user.email != "nova@charita.example"
    client.force_login(org_a.user)
    assert client.get(link).status_code == 302
    org_a.user.refresh_from_db()
    assert org_a.user.email == "nova@charita.example"
    # Spent: the address it was issued against has changed.
    assert client.get(link).status_code == 410


def test_an_address_in_use_is_refused_without_case(client, org_a, org_b):
    client.force_login(org_a.user)
    mail.outbox.clear()
    response = account_post(client, **{"kp_email-new_email": org_b.user.email.upper()})
    assert response.status_code == 200 and "jiný účet" in response.content.decode()
    assert not mail.outbox


def test_forged_confirmation_link_is_refused(client, org_a):
    client.force_login(org_a.user)
    response = client.get("/admin/ucet/email/WzEsIng0eEBleGFtcGxlLmN6Il0:abc:def/")
    assert response.status_code == 404 and "není platný" in response.content.decode()


def test_user_admin_refuses_an_address_in_use_without_case(admin_client, org_a):
    """Wagtail's own user forms answer with a form error, never the index's 500."""
    count = get_user_model().objects.count()
    response = admin_client.post(reverse("wagtailusers_users:add"), {
        "username": "dvojnik", "email": org_a.user.email.upper(), "first_name": "D",
        "last_name": "V", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 200 and "jiný účet" in response.content.decode()
    assert get_user_model().objects.count() == count
    edit = reverse("wagtailusers_users:edit", args=[org_a.user.pk])
    page = form_values(admin_client.get(edit).content.decode())
    data = {key: value for key, value in page.items() if value is not None}
    data["email"] = "Editor@Example.cz"  # the superuser's own address
    response = admin_client.post(edit, data)
    assert response.status_code == 200 and "jiný účet" in response.content.decode()
    org_a.user.refresh_from_db()
    assert org_a.user.email == "poskytovatela@example.cz"


def test_invitation_listing_is_in_czech(client, editor, org_a):
    invite(client, editor, "ceka@charita.example", org_a.provider)
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_kp_catalogue_providerinvitation:list"))
    text = listing.content.decode()
    for czech in ("Pozvánky", "stav", "čeká na přijetí", "platnost do", "pozval(a)"):
        assert czech in text.lower() or czech in text, czech


def test_a_raced_second_account_for_one_invitation_is_refused(client, editor, org_a):
    """Two submissions of the new-account form at once: the second finds the address taken
    (the database index) and gets the "already accepted" answer, not a server error."""
    invitation = invite(client, editor, "soubeh@charita.example", org_a.provider)
    create_account(invitation, first_name="A", last_name="B", password=NEW_PASSWORD)
    with pytest.raises(InvalidInvitation):
        create_account(invitation, first_name="A", last_name="B", password=NEW_PASSWORD)
    assert get_user_model().objects.filter(email__iexact="soubeh@charita.example").count() == 1


def test_a_failing_mail_server_keeps_the_invitation_and_tells_the_editor(
        client, editor, org_a, settings, caplog):
    import logging

    from django.contrib.messages import get_messages

    settings.EMAIL_BACKEND = "tests.kp_consultation.broken_mail.BrokenBackend"
    client.force_login(editor)
    with caplog.at_level(logging.ERROR):
        response = client.post(reverse(ADD), {"email": "pozdeji@charita.example",
                                              "provider": org_a.provider.pk})
    assert response.status_code == 302
    invitation = ProviderInvitation.objects.get(email="pozdeji@charita.example")
    assert f"Invitation {invitation.pk} could not be e-mailed" in caplog.text
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("e-mail se nepodařilo odeslat" in text for text in shown), shown
    client.get(response["Location"])  # the listing shows (and so uses up) the messages
    # Sent again once the mail server works: the editor's second try reaches the invitee.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    edit = reverse("wagtailsnippets_kp_catalogue_providerinvitation:edit", args=[invitation.pk])
    again = client.post(edit, {"action": "resend"})
    assert again.status_code == 302
    assert [m.to for m in mail.outbox if "pozdeji@charita.example" in m.to] == [
        ["pozdeji@charita.example"]]
    assert not any("e-mail se nepodařilo odeslat" in str(message)
                   for message in get_messages(again.wsgi_request))


def test_a_failing_mail_server_changes_no_address_and_says_so(client, org_a, settings, caplog):
    import logging

    settings.EMAIL_BACKEND = "tests.kp_consultation.broken_mail.BrokenBackend"
    client.force_login(org_a.user)
    before = org_a.user.email
    with caplog.at_level(logging.ERROR):
        response = account_post(client, **{"kp_email-new_email": "nova@charita.example"})
    assert response.status_code == 302
    org_a.user.refresh_from_db()
    assert org_a.user.email == before
    assert f"E-mail change link for user {org_a.user.pk} could not be sent" in caplog.text
    page = client.get(response["Location"]).content.decode()
    assert "Odkaz pro potvrzení nové e-mailové adresy se nepodařilo odeslat" in page
