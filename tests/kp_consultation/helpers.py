import re

FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def form_token(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return FORM_TOKEN.search(response.content.decode()).group(1)


def post_form(client, page, token=None, ip="10.0.0.1", **fields):
    data = {"form_token": token or form_token(client, page), "section": "priority-seniors",
            "origin": "priority-seniors", "text": "Chybí odlehčovací služba.", "role": "public",
            "website": ""}
    data.update(fields)
    return client.post(f"/konzultace/{page.pk}/pripominka/", data, REMOTE_ADDR=ip)


def post_api(client, page, ip="10.0.0.2", **fields):
    payload = {"text": "Chybí odlehčovací služba.", "section": "priority-seniors"}
    payload.update(fields)
    return client.post(f"/api/v3/consultations/{page.pk}/comments/", payload,
                       content_type="application/json", REMOTE_ADDR=ip)


def page_html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()
