"""Paper as a full channel: the printable pack (tagged PDF, QR codes to each section's web
form, codes of sections and paragraphs, period and places) and the staff intake by code."""

import io
import re

import pytest
import segno
from bs4 import BeautifulSoup
from pypdf import PdfReader

from kp_consultation.models import Channel, Comment, Status
from kp_plans import paper
from kp_plans.models import PlanDraftPage
from tests.factories.plans import section

pytestmark = pytest.mark.django_db

BASE = "http://localhost"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def draft(tree):
    draft = tree["draft"]
    draft.body = [section("Úvod", "<p>Plán vznikl v roce 2012.</p>"),
                  section("Senioři", "<p>Chybí odlehčovací služba.</p><p>Pečovatelská "
                                     "služba jezdí jen ve všední dny.</p>")]
    draft.save_revision().publish()
    return PlanDraftPage.objects.get(pk=draft.pk)


def test_pack_has_codes_period_places_and_a_form_per_section(draft):
    html = BeautifulSoup(paper.pack_html(draft, BASE), "html.parser")
    text = html.get_text(" ")
    assert "2.1" in text and "2.2" in text and "Pečovatelská služba jezdí" in text
    assert "Připomínka k oddílu 2: Senioři" in text
    assert "Městský úřad Valašské Meziříčí" in text  # the comment place of the fixture
    assert draft.comment_period_end.astimezone().strftime("%Y") in text
    assert len(html.select(".form")) == len(draft.sections)


def test_each_qr_code_encodes_its_section_form_and_that_form_exists(client, draft):
    html = BeautifulSoup(paper.pack_html(draft, BASE), "html.parser")
    images = html.select(".form img.qr")
    assert len(images) == 2
    for image, anchor in zip(images, ["uvod", "seniori"], strict=True):
        url = f"{BASE}{draft.url}#komentare-{anchor}"
        # The image is exactly segno's code for that address (segno encodes what it is given).
        assert image["src"] == segno.make(url, error="m").svg_data_uri(scale=paper.QR_SCALE)
        assert segno.make(url, error="m").designator  # a valid symbol was produced
        assert url in image.find_parent("td").get_text()
        assert anchor in image["alt"] or image["alt"]
        page = BeautifulSoup(client.get(draft.url).content, "html.parser")
        target = page.find(id=f"komentare-{anchor}")
        assert target is not None and target.find("form") is not None


def test_pack_is_a_tagged_pdf_served_from_storage(client, draft, django_assert_max_num_queries):
    response = client.get(draft.url + "tiskovy-balik/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root.get("/Lang") == "cs"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Senioři" in text and re.search(r"2\.2", text)
    # Stored once: the second download is answered from storage by its ETag.
    again = client.get(draft.url + "tiskovy-balik/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def admin_intake(client, draft, **fields):
    data = {"code": "", "text": "Dopis z obecního úřadu.", "role": "public",
            "author_name": "", "organisation": "", "municipality": "", "email": ""}
    data.update(fields)
    return client.post(f"/admin/konzultace/{draft.pk}/papirove/", data)


def test_staff_type_a_paragraph_code_and_the_comment_lands_there(admin_client, draft):
    form = admin_client.get(f"/admin/konzultace/{draft.pk}/papirove/")
    assert form.status_code == 200 and "2.2" in form.content.decode()
    response = admin_intake(admin_client, draft, code="2.2")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.section, comment.paragraph, comment.channel, comment.status) == (
        "seniori", "odst-2", Channel.PAPER, Status.PUBLISHED)
    admin_intake(admin_client, draft, code=" 1 ", text="K úvodu.")
    assert Comment.objects.get(text="K úvodu.").section == "uvod"
    admin_intake(admin_client, draft, code="", text="K celému.")
    assert Comment.objects.get(text="K celému.").section == ""


@pytest.mark.parametrize("code,message", [
    ("3", "Dokument nemá oddíl 3."), ("2.7", "Oddíl 2 nemá odstavec 2.7."),
    ("seniori", "Zadejte kód, jak je vytištěn"), ("1.1.1", "Zadejte kód, jak je vytištěn"),
])
def test_a_wrong_code_is_refused_in_czech(admin_client, draft, code, message):
    response = admin_intake(admin_client, draft, code=code)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_intake_needs_the_moderators_permission(client, django_user_model, draft):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    assert admin_intake(client, draft, code="1").status_code in (302, 403)
    assert not Comment.objects.exists()
