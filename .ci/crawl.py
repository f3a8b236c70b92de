"""Crawl a running KPSS server as a visitor would and fail on any 5xx or missing static file.

Used by .ci/production-path against gunicorn with production settings. Standard library only,
so it runs before anything else is installed. Requests go to 127.0.0.1:PORT with the public
Host and ``X-Forwarded-Proto: https`` (as the load balancer sends them), so the HTTPS redirect
does not loop and absolute links to the public address count as the same site.

    python .ci/crawl.py full  --port 8123 --host kpss.example.test
    python .ci/crawl.py short --port 8123 --host kpss.example.test   # with the cache down
"""

import argparse
import http.client
import http.cookies
import json
import re
import sys
import time
import urllib.parse
from html.parser import HTMLParser

MAX_URLS = 2000
# Filters, shortlists and near-me links combine into more URLs than any crawl can visit, and
# each combination runs the same code: every path is crawled, and of the links to one path
# with one set of query parameter names, only the first few values.
VARIANTS_PER_SHAPE = 3
# Answers other than 200 that are expected, by path pattern: admin pages send the anonymous
# visitor to the login (302), set_font_size redirects back (302).
EXPECTED_REDIRECTS = [r"^/admin/", r"^/pismo/", r"^/django-admin/"]
# Not crawled: the admin (a login form only), log-outs, Django's admin.
SKIP = [r"^/admin/(?!login/$)", r"^/django-admin/", r"^/documents/"]
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.statics, self.forms = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("src", "href"):
            if tag in ("script", "img", "link", "source") and attrs.get(name):
                self.statics.append(attrs[name])
        for name in ("srcset", "data-srcset"):
            for candidate in (attrs.get(name) or "").split(","):
                if candidate.strip():
                    self.statics.append(candidate.strip().split()[0])
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "method": attrs.get("method", ""),
                               "fields": {}})
        elif tag in ("input", "textarea", "select") and self.forms and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio", "submit"):
                return
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value", "")


class Crawler:
    def __init__(self, port, host):
        self.port, self.host = port, host
        self.cookies = {}
        self.pages, self.statics, self.failures, self.statuses = {}, {}, [], {}
        self.variants_skipped = 0

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": self.host, "X-Forwarded-Proto": "https", "User-Agent": "kpss-ci",
                   **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        connection.close()
        return response.status, response.headers, data

    def local(self, base, href):
        """The path of ``href`` on this site, or None for another site."""
        url = urllib.parse.urljoin(base, href.strip())
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.hostname not in (self.host, None):
            return None
        # Czech slugs and search terms reach the server percent-encoded, as a browser sends them.
        path = urllib.parse.quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
        query = urllib.parse.quote(parts.query, safe="=&%+/:,;-._~")
        return urllib.parse.urlunsplit(("", "", path, query, ""))

    def fail(self, message):
        self.failures.append(message)
        print("  FAIL", message, flush=True)

    def get(self, path, referer="/"):
        status, headers, data = self.request("GET", path)
        self.statuses[path] = status
        if status >= 500:
            self.fail(f"{status} {path} (linked from {referer})")
        elif status >= 400:
            self.fail(f"{status} {path} (linked from {referer}), not an expected answer")
        elif 300 <= status < 400 and not any(re.match(p, path) for p in EXPECTED_REDIRECTS):
            location = headers.get("Location", "")
            if self.local("https://" + self.host + path, location) is None:
                self.fail(f"{status} {path} redirects off-site to {location}")
        return status, headers, data

    def static(self, path, referer):
        if path in self.statics:
            return
        status, headers, data = self.request("GET", path)
        self.statics[path] = status
        if status != 200:
            self.fail(f"static {status} {path} (referenced by {referer})")
            return
        if path.split("?")[0].endswith(".css"):
            for href in CSS_URL.findall(data.decode("utf-8", "replace")):
                target = self.local("https://" + self.host + path, href)
                if target and not href.startswith("data:"):
                    self.static(target, path)

    def shape(self, target):
        path, _sep, query = target.partition("?")
        names = frozenset(name for name, _value in urllib.parse.parse_qsl(
            query, keep_blank_values=True))
        return path, names

    def crawl(self, start, limit=MAX_URLS, follow=True):
        queue = list(dict.fromkeys(start))
        seen = set(queue)
        shapes = {}
        while queue and len(self.pages) < limit:
            path = queue.pop(0)
            status, headers, data = self.get(path)
            self.pages[path] = status
            new = []
            if 300 <= status < 400:
                target = self.local("https://" + self.host + path, headers.get("Location", ""))
                new = [target] if target else []
            elif "text/html" in headers.get("Content-Type", ""):
                parser = Page()
                parser.feed(data.decode("utf-8", "replace"))
                for href in parser.statics:
                    target = self.local("https://" + self.host + path, href)
                    if target and target.startswith("/static/"):
                        self.static(target, path)
                new = [self.local("https://" + self.host + path, h) for h in parser.links]
            if follow:
                for target in new:
                    if target and target not in seen and not target.startswith("/static/") \
                            and not any(re.match(p, target) for p in SKIP):
                        seen.add(target)
                        shape = self.shape(target)
                        shapes[shape] = shapes.get(shape, 0) + 1
                        if shapes[shape] <= VARIANTS_PER_SHAPE:
                            queue.append(target)
                        else:
                            self.variants_skipped += 1
        if queue:
            self.fail(f"the crawl stopped at {limit} URLs with {len(queue)} still to visit")

    def api_pages(self):
        """Every live page the pages API lists (the demo's whole tree): ``{path: type}``."""
        paths, offset = {}, 0
        while True:
            status, _headers, data = self.get(f"/api/v3/pages/?limit=20&offset={offset}")
            if status != 200:
                return paths
            body = json.loads(data)
            for item in body["items"]:
                path = self.local("https://" + self.host, item["meta"].get("html_url") or "")
                if path:
                    paths[path] = item["meta"].get("type")
            offset += 20
            if offset >= body["count"]:
                return paths

    def comment_form(self, path):
        _status, _headers, data = self.get(path)
        parser = Page()
        parser.feed(data.decode("utf-8", "replace"))
        return next((f for f in parser.forms if "/konzultace/" in f["action"]), None)

    def post_comment(self, drafts):
        """Send a comment through the public form of the first draft open for comments; True
        when accepted."""
        draft_path, form = next(((p, f) for p in drafts if (f := self.comment_form(p))),
                                (None, None))
        if form is None:
            self.fail(f"no comment form on any of {drafts}")
            return False
        # With an address and consent, so that the receipt e-mail is sent too.
        fields = {**form["fields"], "text": "Připomínka z kontroly nasazení.", "role": "public",
                  "website": "", "author_name": "Kontrola nasazení",
                  "email": "kontrola@example.test", "consent": "on"}
        time.sleep(3.5)  # the form refuses answers sent faster than a person could
        origin = f"https://{self.host}"
        status, headers, _data = self.request(
            "POST", form["action"], body=urllib.parse.urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": origin,
                     "Referer": origin + draft_path})
        print(f"  comment POST {form['action']} -> {status} {headers.get('Location', '')}")
        if status >= 400:
            self.fail(f"comment POST answered {status}")
        return status in (302, 303)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["full", "short"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", required=True)
    args = parser.parse_args()
    crawler = Crawler(args.port, args.host)
    started = time.monotonic()
    api = ["/api/v3/docs/", "/api/v3/openapi.json", "/api/v3/pages/", "/api/hsds/",
           *(f"/api/hsds/{name}" for name in (
               "services", "organizations", "taxonomies", "taxonomy_terms",
               "service_at_locations")),
           "/api/v3/catalogue/services/", "/api/v3/catalogue/providers/",
           "/api/v3/catalogue/taxonomies/", "/api/hsds/open-data.zip", "/healthz/",
           "/sitemap.xml", "/robots.txt"]
    if args.mode == "full":
        crawler.crawl(["/", *crawler.api_pages(), *api])
        if not any(path.startswith("/katalog") for path in crawler.pages):
            crawler.fail("the crawl never reached the catalogue")
    else:
        crawler.crawl(["/", "/healthz/"], follow=False)
        pages = crawler.api_pages()
        catalogue = next((p for p, t in pages.items() if t == "kp_catalogue.CatalogueIndexPage"),
                         None)
        drafts = [p for p, t in pages.items() if t == "kp_plans.PlanDraftPage"]
        crawler.crawl([p for p in (catalogue, *drafts) if p], follow=False)
        if catalogue:
            _s, _h, data = crawler.request("GET", catalogue)
            service = next((p for p in re.findall(r'href="([^"]*/sluzba/[^"]+)"', data.decode())), None)
            if service:
                crawler.crawl([crawler.local("https://" + args.host + catalogue, service)],
                              follow=False)
        if not (catalogue and drafts):
            crawler.fail("the demo has no catalogue or no plan draft")
        elif not crawler.post_comment(drafts):
            crawler.fail("the comment was not accepted")
    elapsed = time.monotonic() - started
    print(f"crawl {args.mode}: {len(crawler.pages)} pages, {len(crawler.statics)} static files, "
          f"{elapsed:.1f} s, {len(crawler.failures)} failures; {crawler.variants_skipped} more "
          f"links differing only in query values not followed")
    return 1 if crawler.failures else 0


if __name__ == "__main__":
    sys.exit(main())
