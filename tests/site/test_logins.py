"""Admin logins resist password guessing (django-axes) and passwords follow the validators."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.urls import reverse

from tests.kp_catalogue.provider_setup import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password})


def test_correct_login_works(client, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username="poskytovatel", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Poskytovatelé"))
    response = login(client, "poskytovatel", PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_repeated_failures_lock_the_account_out_and_are_logged(client, django_user_model):
    django_user_model.objects.create_user(username="poskytovatel", password=PASSWORD)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        assert login(client, "poskytovatel", "spatne-heslo").status_code in (200, 429)
    locked = login(client, "poskytovatel", PASSWORD)
    assert locked.status_code == 429
    assert client.get("/admin/").status_code == 302  # still not logged in
    assert AccessAttempt.objects.filter(username="poskytovatel").exists()
    assert AccessFailureLog.objects.filter(username="poskytovatel").count() >= (
        settings.AXES_FAILURE_LIMIT)


def test_failures_below_the_limit_do_not_lock(client, django_user_model):
    django_user_model.objects.create_user(username="poskytovatel", password=PASSWORD)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "poskytovatel", "spatne-heslo")
    assert login(client, "poskytovatel", PASSWORD).status_code == 302


@pytest.mark.parametrize("weak", ["heslo", "1234567890", "password123"])
def test_admin_user_creation_refuses_weak_passwords(admin_client, django_user_model, weak):
    response = admin_client.post(reverse("wagtailusers_users:add"), {
        "username": "slabe", "email": "slabe@example.cz", "first_name": "S", "last_name": "H",
        "password1": weak, "password2": weak,
    })
    assert response.status_code == 200
    assert not django_user_model.objects.filter(username="slabe").exists()


def change_password(client, user, new):
    from tests.kp_catalogue.admin_forms import form_values

    data = form_values(client.get(reverse("wagtailadmin_account")).content.decode())
    data.update({"password-old_password": PASSWORD, "password-new_password1": new,
                 "password-new_password2": new})
    return client.post(reverse("wagtailadmin_account"), data)


def test_password_change_refuses_weak_passwords(client, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username="poskytovatel", password=PASSWORD, email="p@example.cz", first_name="Jana",
        last_name="Nováková",
    )
    user.groups.add(Group.objects.get(name="Poskytovatelé"))
    client.force_login(user)
    change_password(client, user, "heslo")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # The same form with a strong password does change it (the form is really submitted).
    change_password(client, user, "Dlouhe-a-silne-heslo-2026")
    user.refresh_from_db()
    assert user.check_password("Dlouhe-a-silne-heslo-2026")
