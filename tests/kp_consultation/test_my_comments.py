""""Moje připomínky": a signed, expiring link lists the comments sent with one address, and
the form that mails it answers the same whatever the address."""

import datetime as dt
import re
from unittest import mock

from django.core import mail, signing
from django.core.management import call_command
from django.utils import timezone

from kp_consultation.follow import tokens
from kp_consultation.models import Decision, Status, Subscriber, Subscription
from kp_consultation.settlement import settle
from tests.factories.consultation import CommentFactory, ConsultedPageFactory, closed_period

REQUEST = "/konzultace/moje-pripominky/"


def ask(client, email, **extra):
    page = client.get(REQUEST)
    token = re.search(r'name="form_token" value="([^"]+)"', page.content.decode()).group(1)
    return client.post(REQUEST, {"email": email, "form_token": token, "website": "", **extra})


def test_the_link_is_mailed_only_to_a_commenter_and_the_answer_is_the_same(client, draft):
    CommentFactory(page=draft, email="Pisatel@Example.cz")
    known = ask(client, "pisatel@example.cz")
    unknown = ask(client, "nikdo@example.cz")
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert [m.to for m in mail.outbox] == [["pisatel@example.cz"]]
    assert "/konzultace/moje-pripominky/" in mail.outbox[0].body


def test_spam_defences(client, draft, settings):
    CommentFactory(page=draft, email="pisatel@example.cz")
    assert ask(client, "pisatel@example.cz", website="x").status_code == 400
    assert ask(client, "pisatel@example.cz", form_token="x").status_code == 400
    assert ask(client, "").status_code == 400
    settings.KP_CONSULTATION_RATE_LIMIT = 1
    ask(client, "a@example.cz")
    assert ask(client, "b@example.cz").status_code == 429
    assert mail.outbox == []


def test_the_list_shows_own_comments_on_every_draft_with_state_and_decision(client, home_page):
    first = ConsultedPageFactory(parent=home_page, slug="prvni", title="Návrh 2012",
                                 **closed_period())
    second = ConsultedPageFactory(parent=home_page, slug="druhy", title="Návrh 2016")
    CommentFactory(page=first, section="", email="jana@example.cz", text="Chybí odlehčovací",
                   decision=Decision.PARTLY_ACCEPTED, decision_reason="Doplněno zčásti.")
    settle(first)
    CommentFactory(page=second, section="", email="JANA@example.cz", text="Málo terénu",
                   status=Status.PENDING)
    CommentFactory(page=second, section="", email="petr@example.cz", text="Cizí připomínka")
    CommentFactory(page=second, section="", email="jana@example.cz", text="Reklama na spam",
                   status=Status.SPAM)
    response = client.get(REQUEST + tokens.my_comments_token("jana@example.cz") + "/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chybí odlehčovací" in html and "Málo terénu" in html
    assert "Návrh 2012" in html and "Návrh 2016" in html
    assert "Částečně akceptováno" in html and "Doplněno zčásti." in html
    assert "čeká na schválení" in html.lower()
    assert "Cizí připomínka" not in html and "Reklama" not in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_a_tampered_forged_or_expired_link_shows_nothing(client, draft):
    CommentFactory(page=draft, email="jana@example.cz", text="Moje tajná připomínka")
    token = tokens.my_comments_token("jana@example.cz")
    # Another person's address cannot be swapped into the signed value.
    payload, _sep, signature = token.partition(":")
    forged = signing.dumps({"e": "petr@example.cz"}, salt="jiná sůl")
    for bad in [token[:-3] + "abc", forged, payload + ":" + signature[::-1],
                tokens.subscriber_token(mock.Mock(pk=1, token_version=1),
                                        tokens.MANAGE_SALT)]:
        response = client.get(f"{REQUEST}{bad}/")
        assert response.status_code == 400
        assert "Moje tajná" not in response.content.decode()
    later = timezone.now() + dt.timedelta(seconds=tokens.MY_COMMENTS_MAX_AGE + 60)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert client.get(f"{REQUEST}{token}/").status_code == 400


def test_query_count_does_not_grow_with_comments(client, draft, django_assert_max_num_queries):
    for _n in range(5):
        CommentFactory(page=draft, email="jana@example.cz")
    url = f"{REQUEST}{tokens.my_comments_token('jana@example.cz')}/"
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _n in range(45):
        CommentFactory(page=draft, email="jana@example.cz")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_data_subjects_erasure_also_removes_their_subscriptions(draft):
    CommentFactory(page=draft, email="jana@example.cz")
    kept = Subscriber.objects.create(email="petr@example.cz")
    gone = Subscriber.objects.create(email="jana@example.cz")
    Subscription.objects.create(subscriber=gone, topic_kind="plan", topic_id=1)
    call_command("comments_by_email", "JANA@example.cz", "--erase")
    assert list(Subscriber.objects.all()) == [kept]
    assert not Subscription.objects.exists()
