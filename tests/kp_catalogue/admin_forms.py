"""Reads an admin edit form the way a browser would submit it."""

from bs4 import BeautifulSoup


def form_values(html, form_id=None):
    soup = BeautifulSoup(html, "html.parser")
    if form_id:
        form = soup.find("form", id=form_id)
    else:  # the edit form is the one with the most fields
        form = max(soup.find_all("form"), key=lambda f: len(f.find_all(["input", "textarea"])))
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = [opt.get("value") for opt in field.find_all("option") if opt.has_attr("selected")]
            if field.has_attr("multiple"):
                data[name] = chosen
            elif chosen:
                data[name] = chosen[0]
            else:
                first = field.find("option")
                data[name] = first.get("value", "") if first else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                if field.get("type") == "checkbox" and name in data:
                    existing = data[name] if isinstance(data[name], list) else [data[name]]
                    data[name] = existing + [field.get("value", "on")]
                else:
                    data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data
