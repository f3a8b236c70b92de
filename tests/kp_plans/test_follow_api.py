"""Following through the JSON API: the same functions and limits as the HTML pages, no
enumeration of addresses, signed tokens checked by purpose and age, and no e-mail address in
any answer."""

import json
import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.cache import cache

from kp_catalogue.models import Municipality
from kp_consultation.follow import tokens
from kp_consultation.follow.models import Delivery, Event, Subscriber, Subscription
from kp_consultation.models import Decision, Status
from kp_consultation.settlement import settle
from tests.factories.catalogue import CatalogueIndexPageFactory
from tests.factories.consultation import CommentFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v3/consultations/follow/"


def post(client, path, body, ip="10.9.0.1"):
    return client.post(BASE + path, json.dumps(body), content_type="application/json",
                       REMOTE_ADDR=ip)


def subscribe(client, topic, email="jana@example.cz", ip="10.9.0.1", **extra):
    body = {"email": email, "topic": topic, "frequency": "instant", "consent": True, **extra}
    return post(client, "subscribe/", body, ip=ip)


def token_in(message, name):
    return re.search(rf"/konzultace/odber/{name}/([^/\s]+)/", message.body).group(1)


def confirmed(client, topic, email="jana@example.cz"):
    mail.outbox.clear()
    assert subscribe(client, topic, email).status_code == 202
    answer = post(client, "confirm/", {"token": token_in(mail.outbox[-1], "potvrdit")})
    assert answer.status_code == 200
    mail.outbox.clear()
    return answer.json()


def assert_czech_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    detail = response.json()["detail"]
    assert re.search(r"[áčďéěíňóřšťúůýž]", detail), detail
    return response.json()


def assert_no_address(response):
    assert "@" not in response.content.decode()


def test_topics_are_listed_publicly(client, tree, home_page):
    catalogue = CatalogueIndexPageFactory(parent=home_page)
    town = Municipality.objects.get(code="valasske-mezirici")
    answer = client.get(BASE + "topics/")
    assert answer.status_code == 200
    items = {item["topic"]: item for item in answer.json()["items"]}
    assert items[f"plan:{tree['plan'].pk}"]["title"] == tree["plan"].title
    assert items[f"group:{tree['group'].pk}"]["kind_label"] == "Pracovní skupina"
    assert items[f"obec:{town.pk}"]["url"].endswith(f"{catalogue.url}?obec={town.code}")
    assert answer.json()["count"] == len(items)
    # A plan that is not public is not followable, so not listed.
    tree["plan"].unpublish()
    assert f"plan:{tree['plan'].pk}" not in {
        item["topic"] for item in client.get(BASE + "topics/").json()["items"]}


def test_subscribe_confirm_manage_and_unsubscribe(client, tree):
    topic = f"plan:{tree['plan'].pk}"
    answer = subscribe(client, topic, "Jana@Example.cz")
    assert answer.status_code == 202
    assert "Zkontrolujte" not in answer.json()["detail"]  # the notice's body, not its heading
    assert "potvrdíte" in answer.json()["detail"]
    assert_no_address(answer)
    assert Subscription.objects.get().confirmed_at is None
    confirm_token = token_in(mail.outbox[0], "potvrdit")
    confirmation = post(client, "confirm/", {"token": confirm_token})
    assert confirmation.status_code == 200
    body = confirmation.json()
    assert body["confirmed"] is True and body["topic"]["topic"] == topic
    assert_no_address(confirmation)
    assert Subscription.objects.get().confirmed_at is not None
    # Confirming again changes nothing and answers the same.
    assert post(client, "confirm/", {"token": confirm_token}).status_code == 200

    manage = body["manage_token"]
    state = client.get(f"{BASE}manage/{manage}/")
    assert state.status_code == 200
    assert state.json()["frequency"] == "instant"
    assert [s["topic"] for s in state.json()["subscriptions"]] == [topic]
    assert state.json()["subscriptions"][0]["confirmed"] is True
    assert_no_address(state)

    changed = client.patch(f"{BASE}manage/{manage}/", json.dumps({"frequency": "weekly"}),
                           content_type="application/json")
    assert changed.status_code == 200 and changed.json()["frequency"] == "weekly"
    assert Subscriber.objects.get().frequency == "weekly"

    unsubscribe_token = tokens.subscriber_token(Subscriber.objects.get(),
                                                tokens.UNSUBSCRIBE_SALT)
    gone = post(client, "unsubscribe/", {"token": unsubscribe_token})
    assert gone.status_code == 200
    assert not Subscriber.objects.exists()
    # A retry by the client answers the same; the manage token is dead.
    assert post(client, "unsubscribe/", {"token": unsubscribe_token}).status_code == 200
    assert_czech_problem(client.get(f"{BASE}manage/{manage}/"), 404)


def test_no_enumeration_known_and_new_addresses_answer_alike(client, tree):
    topic = f"plan:{tree['plan'].pk}"
    confirmed(client, topic, "znama@example.cz")
    known = subscribe(client, topic, "znama@example.cz")
    new = subscribe(client, topic, "nova@example.cz")
    assert (known.status_code, known.json()) == (new.status_code, new.json())
    known_comments = post(client, "my-comments/", {"email": "znama@example.cz"})
    CommentFactory(page=tree["draft"], email="pisatel@example.cz")
    writer = post(client, "my-comments/", {"email": "pisatel@example.cz"})
    assert (known_comments.status_code, known_comments.json()) == (
        writer.status_code, writer.json()) == (202, writer.json())
    # Only the writer's mailbox got a link.
    assert [m.to for m in mail.outbox if "moje-pripominky" in m.body] == [
        ["pisatel@example.cz"]]


def test_subscribing_needs_consent_a_topic_and_a_valid_address(client, tree):
    topic = f"plan:{tree['plan'].pk}"
    problem = assert_czech_problem(subscribe(client, topic, consent=False), 422)
    assert [error["loc"][-1] for error in problem["errors"]] == ["consent"]
    problem = assert_czech_problem(subscribe(client, "plan:999999"), 404)
    assert problem["detail"] == "Takové téma sledovat nelze."
    for address in ("neni-adresa", "jana@example", "jana@@example.cz", "ja na@example.cz"):
        problem = assert_czech_problem(subscribe(client, topic, email=address), 422)
        assert [error["loc"][-1] for error in problem["errors"]] == ["email"]
    assert_czech_problem(subscribe(client, "plan;1"), 422)
    assert_czech_problem(subscribe(client, topic, frequency="hourly"), 422)
    assert not Subscription.objects.exists() and mail.outbox == []


def test_bodies_must_be_json_and_bounded(client, tree):
    topic = f"plan:{tree['plan'].pk}"
    form = client.post(BASE + "subscribe/", {"email": "a@example.cz", "topic": topic,
                                             "consent": "true"})
    assert_czech_problem(form, 415)
    assert_czech_problem(subscribe(client, topic, email="a" * 250 + "@example.cz"), 422)
    huge = client.post(BASE + "subscribe/", json.dumps({"email": "x" * 3_000_000}),
                       content_type="application/json")
    assert_czech_problem(huge, 413)
    assert_czech_problem(post(client, "confirm/", {"token": "x" * 301}), 422)
    assert_czech_problem(client.get(f"{BASE}manage/{'x' * 301}/"), 404)
    assert_czech_problem(client.patch(f"{BASE}manage/x/", json.dumps({"remove": list(range(101))}),
                                      content_type="application/json"), 422)
    assert not Subscription.objects.exists()


def test_forged_expired_and_other_purpose_tokens_are_refused(client, tree):
    topic = f"plan:{tree['plan'].pk}"
    subscribe(client, topic)
    confirm_token = token_in(mail.outbox[0], "potvrdit")
    subscriber = Subscriber.objects.get()
    manage = tokens.subscriber_token(subscriber, tokens.MANAGE_SALT)
    unsubscribe = tokens.subscriber_token(subscriber, tokens.UNSUBSCRIBE_SALT)
    mine = tokens.my_comments_token("jana@example.cz")
    # Forged: a changed signature.
    assert_czech_problem(post(client, "confirm/", {"token": confirm_token[:-2] + "zz"}), 404)
    assert_czech_problem(client.get(f"{BASE}manage/{manage[:-2]}zz/"), 404)
    # Another purpose: each token works only where it was sent for.
    for token in (manage, unsubscribe, mine):
        assert_czech_problem(post(client, "confirm/", {"token": token}), 404)
    for token in (confirm_token, unsubscribe, mine):
        assert_czech_problem(client.get(f"{BASE}manage/{token}/"), 404)
        assert_czech_problem(client.delete(f"{BASE}manage/{token}/"), 404)
    for token in (confirm_token, manage, mine):
        assert_czech_problem(post(client, "unsubscribe/", {"token": token}), 404)
    for token in (confirm_token, manage, unsubscribe):
        assert_czech_problem(client.get(f"{BASE}my-comments/{token}/"), 404)
    # Signed with another key: not ours.
    alien = signing.dumps({"s": Subscription.objects.get().pk, "b": subscriber.pk},
                          key="cizi-klic", salt=tokens.CONFIRM_SALT)
    assert_czech_problem(post(client, "confirm/", {"token": alien}), 404)
    # Expired: each kind after its own lifetime.
    now = time.time()
    with mock.patch("time.time", return_value=now + tokens.CONFIRM_MAX_AGE + 60):
        assert_czech_problem(post(client, "confirm/", {"token": confirm_token}), 404)
    with mock.patch("time.time", return_value=now + tokens.MANAGE_MAX_AGE + 60):
        assert_czech_problem(client.get(f"{BASE}manage/{manage}/"), 404)
        assert_czech_problem(client.delete(f"{BASE}manage/{manage}/"), 404)
    with mock.patch("time.time", return_value=now + tokens.MY_COMMENTS_MAX_AGE + 60):
        assert_czech_problem(client.get(f"{BASE}my-comments/{mine}/"), 404)
    # Still good today.
    assert client.get(f"{BASE}manage/{manage}/").status_code == 200
    assert client.get(f"{BASE}my-comments/{mine}/").status_code == 200
    assert Subscription.objects.get().confirmed_at is None
    assert Subscriber.objects.exists()


def test_a_manage_token_touches_only_its_own_subscriptions(client, tree):
    plan, group = f"plan:{tree['plan'].pk}", f"group:{tree['group'].pk}"
    mine = confirmed(client, plan, "ja@example.cz")["manage_token"]
    confirmed(client, group, "ja@example.cz")
    confirmed(client, plan, "jiny@example.cz")
    other = Subscription.objects.get(subscriber__email="jiny@example.cz")
    own = Subscription.objects.filter(subscriber__email="ja@example.cz")
    event = Event.objects.create(key="x", topic_kind="plan", topic_id=tree["plan"].pk,
                                 kind="settled", title="T", url="/")
    Delivery.objects.create(subscriber=own[0].subscriber, event=event)
    # Another subscriber's id: nothing changes, not even the frequency asked for with it.
    refused = client.patch(f"{BASE}manage/{mine}/", json.dumps(
        {"remove": [own[0].pk, other.pk], "frequency": "weekly"}),
        content_type="application/json")
    assert_czech_problem(refused, 404)
    assert Subscription.objects.count() == 3
    assert Subscriber.objects.get(email="ja@example.cz").frequency == "instant"
    plan_row = own.get(topic_kind="plan")
    done = client.patch(f"{BASE}manage/{mine}/", json.dumps({"remove": [plan_row.pk]}),
                        content_type="application/json")
    assert done.status_code == 200
    assert [s["topic"] for s in done.json()["subscriptions"]] == [group]
    assert not Delivery.objects.exists()  # what waited about the removed topic went with it
    assert client.delete(f"{BASE}manage/{mine}/").status_code == 204
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["jiny@example.cz"]


def test_the_rate_limits_are_the_html_forms(client, tree, settings):
    settings.KP_CONSULTATION_RATE_LIMIT = 3
    topic = f"plan:{tree['plan'].pk}"
    for number in range(3):
        assert subscribe(client, topic, f"a{number}@example.cz").status_code == 202
    assert_czech_problem(subscribe(client, topic, "a9@example.cz"), 429)
    assert_czech_problem(post(client, "my-comments/", {"email": "a@example.cz"}), 429)
    # Another address is not limited by the first one's requests.
    assert subscribe(client, topic, "b@example.cz", ip="10.9.0.2").status_code == 202
    # The HTML form counts in the same bucket as the API.
    cache.clear()
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 0
    for number in range(3):
        subscribe(client, topic, f"c{number}@example.cz", ip="10.9.0.3")
    page = client.get("/konzultace/odber/", {"tema": topic})
    form_token = re.search(r'name="form_token" value="([^"]+)"', page.content.decode()).group(1)
    html = client.post("/konzultace/odber/", {"tema": topic, "email": "d@example.cz",
                                              "frequency": "weekly", "form_token": form_token,
                                              "website": ""}, REMOTE_ADDR="10.9.0.3")
    assert html.status_code == 429


def test_one_mailbox_gets_at_most_three_confirmations_an_hour(client, tree, settings):
    settings.KP_CONSULTATION_RATE_LIMIT = 100
    topic = f"plan:{tree['plan'].pk}"
    answers = [subscribe(client, topic, "obet@example.cz", ip=f"10.9.1.{n}") for n in range(6)]
    assert {a.status_code for a in answers} == {202}
    assert len({json.dumps(a.json()) for a in answers}) == 1
    assert len(mail.outbox) == 3


def test_my_comments_by_token_show_only_the_owners_comments(client, tree):
    draft, old = tree["draft"], tree["old_draft"]
    CommentFactory(page=draft, email="Ja@Example.cz", text="Moje k návrhu 2",
                   author_name="Jana", status=Status.PENDING)
    CommentFactory(page=old, email="ja@example.cz", text="Moje rozhodnutá",
                   decision=Decision.REJECTED, decision_reason="Mimo plán.")
    CommentFactory(page=draft, email="ja@example.cz", text="Zamítnutá moderací",
                   status=Status.REJECTED, moderation_reason="Urážlivé.")
    CommentFactory(page=draft, email="ja@example.cz", text="Spam", status=Status.SPAM)
    CommentFactory(page=draft, email="ja@example.cz", text="Bez souhlasu", author_name="",
                   consent=False)
    CommentFactory(page=draft, email="cizi@example.cz", text="Cizí připomínka")
    mail.outbox.clear()
    assert post(client, "my-comments/", {"email": "JA@example.cz"}).status_code == 202
    token = re.search(r"/moje-pripominky/([^/\s]+)/", mail.outbox[0].body).group(1)
    answer = client.get(f"{BASE}my-comments/{token}/")
    assert answer.status_code == 200
    assert_no_address(answer)
    # Answers named by a token are never kept by a cache.
    assert "no-store" in answer["Cache-Control"] and "private" in answer["Cache-Control"]
    items = {item["text"]: item for item in answer.json()["items"]}
    assert set(items) == {"Moje k návrhu 2", "Moje rozhodnutá", "Zamítnutá moderací"}
    assert items["Moje k návrhu 2"]["status"] == "pending"
    assert items["Moje k návrhu 2"]["decision"] == ""
    assert items["Zamítnutá moderací"]["moderation_reason"] == "Urážlivé."
    # The decision only once the consultation is settled.
    assert items["Moje rozhodnutá"]["decision"] == ""
    settle(old, table_url="http://testserver/")
    items = {item["text"]: item for item in client.get(f"{BASE}my-comments/{token}/").json()[
        "items"]}
    assert items["Moje rozhodnutá"]["decision"] == "rejected"
    assert items["Moje rozhodnutá"]["decision_reason"] == "Mimo plán."
    assert items["Moje rozhodnutá"]["consultation_id"] == old.pk


def test_the_api_is_in_the_openapi_document(client):
    document = client.get("/api/v3/openapi.json").json()
    paths = document["paths"]
    expected = {
        ("get", "/api/v3/consultations/follow/topics/"),
        ("post", "/api/v3/consultations/follow/subscribe/"),
        ("post", "/api/v3/consultations/follow/confirm/"),
        ("post", "/api/v3/consultations/follow/unsubscribe/"),
        ("get", "/api/v3/consultations/follow/manage/{token}/"),
        ("patch", "/api/v3/consultations/follow/manage/{token}/"),
        ("delete", "/api/v3/consultations/follow/manage/{token}/"),
        ("post", "/api/v3/consultations/follow/my-comments/"),
        ("get", "/api/v3/consultations/follow/my-comments/{token}/"),
        ("post", "/api/v3/consultations/{page_id}/comments/{comment_id}/cosign/"),
    }
    found = {(method, path) for path, operations in paths.items() for method in operations}
    assert expected <= found
    subscribe_op = paths["/api/v3/consultations/follow/subscribe/"]["post"]
    assert "202" in subscribe_op["responses"] and "429" in subscribe_op["responses"]
    schema = subscribe_op["requestBody"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/FollowSubscribeIn")
    components = document["components"]["schemas"]
    for name in ("FollowManageOut", "FollowSubscription", "MyComment", "FollowConfirmed"):
        assert "email" not in json.dumps(components[name]["properties"]), name
