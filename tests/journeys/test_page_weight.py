"""Light pages for village mobile data: a first load of the home, catalogue or product page
at 360 px stays under 150 KB on the wire, and every request stays on the site itself."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 150 * 1024
Product = get_model("catalogue", "Product")


def first_load(page, url):
    """Bytes on the wire (headers and encoded bodies) and hosts asked, loading ``url`` afresh."""
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    hosts = {urlsplit(r.url).netloc for r in finished if r.url.startswith("http")}
    return total, hosts, len(finished)


def test_first_loads_stay_under_150_kb_and_on_the_site(browser, live_server, wagtail_site):
    call_command("seed_demo", stdout=io.StringIO())
    product = Product.objects.filter(upc="DEMO-0001").get()
    site_host = urlsplit(live_server.url).netloc
    for path in ("/", "/catalogue/", product.get_absolute_url()):
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, extra_http_headers={"Accept-Encoding": "gzip"}
        )
        page = context.new_page()
        total, hosts, requests = first_load(page, live_server.url + path)
        context.close()
        print(f"{path}: {total / 1024:.1f} KB in {requests} requests")
        assert hosts == {site_host}, f"{path} asked other hosts: {hosts - {site_host}}"
        assert total < BUDGET, f"{path} weighs {total / 1024:.0f} KB"
