"""District staff work in the back office under the Content-Security-Policy: the page
editor, its date pickers and the registry's search work, and the browser refuses nothing
(the journeys' conftest fails on any CSP refusal in the console)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.registry.factories import nik_for, resident_create, villages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_edit_a_page_pick_a_date_and_search_a_nik(page, live_server, wagtail_site):
    get_user_model().objects.create_superuser(
        username="staf", email="staf@dinas.test", password="staf-rahasia-2026"
    )
    birth = dt.date(1990, 1, 5)
    resident_create(
        village=villages()[0], full_name="Siti Rahmawati", birth_date=birth, gender="P", serial=7
    )
    resident_create(
        village=villages()[0], full_name="Agus Salim", birth_date=birth, gender="L", serial=8
    )
    nik = nik_for(birth_date=birth, gender="P", serial=7)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/cms/login/")
    page.get_by_label("Nama pengguna").fill("staf")
    page.get_by_label("Kata sandi").fill("staf-rahasia-2026")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The page editor (Draftail, panels) loads under the policy.
    page.goto(live_server.url + f"/cms/pages/{wagtail_site.root_page.pk}/edit/")
    expect(page.locator("form#page-edit-form")).to_be_visible()

    # A date filter's picker is started by csp-init.js, not an inline script.
    page.goto(live_server.url + "/cms/reports/site-history/")
    expect(page.locator("[data-km-init][data-km-started]").first).to_be_attached()

    # The registry search: a NIK goes by POST and never reaches the address bar.
    page.goto(live_server.url + "/cms/registry/residents/")
    page.get_by_label("Cari di daftar ini").fill(" ".join([nik[:4], nik[4:8], nik[8:12], nik[12:]]))
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.get_by_text("Hasil pencarian nomor")).to_be_visible()
    expect(page.get_by_role("link", name="Siti Rahmawati")).to_be_visible()
    expect(page.get_by_role("link", name="Agus Salim")).to_have_count(0)
    assert nik not in page.url and nik[:4] + "+" not in page.url
    assert nik not in page.content()
