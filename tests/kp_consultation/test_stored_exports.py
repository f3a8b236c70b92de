"""Settlement exports are built once per version of what they show, stored in the default
storage and streamed from there; renderings are bounded; the PDF is tagged (PDF/UA-1)."""

import io

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from pypdf import PdfReader

from kp_consultation import exports, stored_files
from kp_consultation.models import Comment, Decision
from kp_consultation.settlement import settle
from tests.factories.consultation import CommentFactory, closed_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled(draft):
    for name, value in closed_period().items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    for number in range(3):
        CommentFactory(page=draft, text=f"Připomínka k vypořádání {number}",
                       decision=Decision.ACCEPTED, responsible_group="PS Senioři")
    settle(draft)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def builds(monkeypatch):
    """Counts the renderings (the expensive part) by format."""
    counted = []
    original = exports.export_settlement

    def counting(page, file_format):
        counted.append(file_format)
        return original(page, file_format)

    monkeypatch.setattr(exports, "export_settlement", counting)
    return counted


def url(page, fmt):
    return f"/konzultace/{page.pk}/vyporadani.{fmt}"


def stored(page):
    folder = f"kp_consultation/vyporadani/{page.pk}"
    if not default_storage.exists(folder):
        return []
    return sorted(default_storage.listdir(folder)[1])


@pytest.mark.parametrize("fmt,content_type", [
    ("csv", "text/csv; charset=utf-8"), ("pdf", "application/pdf"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
def test_built_once_stored_and_streamed(client, settled, builds, fmt, content_type):
    first = client.get(url(settled, fmt))
    assert first.status_code == 200 and first.streaming
    assert first["Content-Type"] == content_type
    assert first["Content-Disposition"].startswith("attachment;")
    assert f"vyporadani-navrh-planu-20262030.{fmt}" in first["Content-Disposition"]
    body = first.getvalue()
    second = client.get(url(settled, fmt))
    assert second.getvalue() == body
    assert builds == [fmt]
    files = stored(settled)
    assert len(files) == 1 and files[0].endswith(f".{fmt}")
    assert second["ETag"] == first["ETag"]
    not_modified = client.get(url(settled, fmt), HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert builds == [fmt]


def test_a_change_builds_a_new_version_and_deletes_the_old(client, settled, builds):
    first = client.get(url(settled, "csv"))
    old = stored(settled)
    comment = Comment.objects.filter(page=settled).first()
    comment.decision_reason = "Nově doplněné zdůvodnění"
    comment.decision = Decision.PARTLY_ACCEPTED
    comment.save()
    second = client.get(url(settled, "csv"))
    assert "Nově doplněné zdůvodnění" in second.getvalue().decode()
    assert second["ETag"] != first["ETag"]
    assert builds == ["csv", "csv"]
    assert len(stored(settled)) == 1 and stored(settled) != old
    # Other formats are kept apart: storing the PDF leaves the CSV in place.
    client.get(url(settled, "pdf"))
    assert sorted(name.rsplit(".", 1)[1] for name in stored(settled)) == ["csv", "pdf"]


def test_anonymisation_through_update_changes_the_version(client, settled, builds):
    client.get(url(settled, "csv"))
    Comment.objects.filter(page=settled).update(author_name="")
    assert "Jana Nováková" not in client.get(url(settled, "csv")).getvalue().decode()
    assert builds == ["csv", "csv"]


def test_no_free_slot_answers_503_in_czech_and_stores_nothing(client, settled, builds, settings):
    settings.KP_CONSULTATION_RENDER_SLOTS = 2
    for number in range(2):
        cache.add(f"kp:render-slot:kp_consultation:{number}", "busy", 60)
    response = client.get(url(settled, "pdf"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.content.decode() == "Soubor se připravuje. Zkuste to prosím znovu za minutu."
    assert builds == [] and stored(settled) == []
    # A stored file is served even while every slot is taken.
    cache.delete("kp:render-slot:kp_consultation:0")
    assert client.get(url(settled, "pdf")).status_code == 200
    cache.add("kp:render-slot:kp_consultation:0", "busy", 60)
    assert client.get(url(settled, "pdf")).status_code == 200
    assert builds == ["pdf"]


def test_the_slot_is_freed_after_a_rendering(client, settled, settings):
    settings.KP_CONSULTATION_RENDER_SLOTS = 1
    assert client.get(url(settled, "csv")).status_code == 200
    assert client.get(url(settled, "xlsx")).status_code == 200
    assert cache.get("kp:render-slot:kp_consultation:0") is None


def test_a_file_another_process_builds_is_awaited_then_503(client, settled, builds, monkeypatch):
    monkeypatch.setattr(stored_files, "WAIT_SECONDS", 0.3)
    monkeypatch.setattr(stored_files, "POLL_SECONDS", 0.05)
    digest = exports.settlement_digest(settled, "csv")
    path = stored_files.stored_path(f"kp_consultation/vyporadani/{settled.pk}", digest, ".csv")
    cache.add(f"kp:building:{path}", 1, 60)
    response = client.get(url(settled, "csv"))
    assert response.status_code == 503 and response["Retry-After"]
    assert builds == []


def test_a_dead_cache_falls_back_to_a_bound_per_process(client, settled, builds, monkeypatch,
                                                        settings):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", unreachable)
    monkeypatch.setattr(cache, "delete", unreachable)
    settings.KP_CONSULTATION_RENDER_SLOTS = 1
    assert client.get(url(settled, "csv")).status_code == 200
    # The process's own slot is taken: the next new rendering waits for it.
    semaphore = stored_files._local_semaphore(1)
    assert semaphore.acquire(blocking=False)
    try:
        assert client.get(url(settled, "xlsx")).status_code == 503
        assert client.get(url(settled, "csv")).status_code == 200  # stored: no slot needed
    finally:
        semaphore.release()
    assert client.get(url(settled, "xlsx")).status_code == 200
    assert builds == ["csv", "xlsx"]


def test_the_pdf_is_tagged_in_czech_and_contains_every_comment(client, settled):
    for number in range(3, 40):
        CommentFactory(page=settled, text=f"Připomínka k vypořádání {number}",
                       decision=Decision.NOTED, decision_reason=f"Důvod {number}")
    reader = PdfReader(io.BytesIO(client.get(url(settled, "pdf")).getvalue()))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "cs"
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for comment in Comment.objects.filter(page=settled):
        assert f"Připomínka č. {comment.pk}" in text
        assert comment.text in text
