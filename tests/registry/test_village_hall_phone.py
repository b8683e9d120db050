"""A village operator keeps the hall on a 360 px phone, in a real browser, under the
Content-Security-Policy: the list and the form fit the screen, a point copied from a map
fills both boxes, and a wrong latitude is explained."""

from __future__ import annotations

import os
import shutil

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from registry.models import Village
from registry.services import village_operator_assign
from tests.journeys.conftest import (  # noqa: F401 - the journeys' browser and CSP watch
    CHROMIUM,
    browser_context_args,
    browser_type_launch_args,
    no_csp_violations,
)
from tests.registry.factories import villages
from tests.registry.test_backoffice_scoping import user_create

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)),
        reason=f"no Chromium at {CHROMIUM}: apt-get install chromium",
    ),
]

PASSWORD = "operator-rahasia-2026"


def fits_the_screen(page, selector: str) -> None:
    width = page.viewport_size["width"]
    for box in page.locator(selector).evaluate_all(
        "els => els.map(el => el.getBoundingClientRect().right)"
    ):
        assert box <= width, f"{selector} reaches {box}px on a {width}px screen"


def test_operator_keeps_the_hall_on_a_phone(page, live_server, wagtail_site):
    sarongan, pesanggaran = villages()[:2]
    operator = user_create("operator_a")
    operator.set_password(PASSWORD)
    operator.save()
    village_operator_assign(user=operator, villages=[sarongan, pesanggaran])
    # A transactional test's flush may have taken the migrations' groups: give directly.
    operator.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_village_hall"),
    )

    page.goto(live_server.url + "/cms/login/")
    page.get_by_label("Nama pengguna").fill("operator_a")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_attached()

    page.goto(live_server.url + "/cms/registry/village-halls/")
    expect(page.get_by_text("Alamat balai desa belum diisi")).to_have_count(2)
    fits_the_screen(page, "#listing-results li")

    page.get_by_role("link", name=str(sarongan), exact=True).click()
    address = page.get_by_role("textbox", name="Alamat balai desa")
    address.fill("Jl. Raya Sarongan No. 5, Desa Sarongan, Kec. Pesanggaran")
    page.get_by_role("textbox", name="Jam buka balai desa").fill("Senin–Jumat 08.00–15.00")
    page.get_by_role("textbox", name="Lintang balai desa").fill("-8.6012, 114.0312")
    fits_the_screen(page, "#w-editor-form input, #w-editor-form textarea")
    page.get_by_role("button", name="Simpan").first.click()
    expect(page.get_by_text("Data balai Desa Sarongan disimpan.")).to_be_visible()
    expect(page.get_by_role("link", name="Lihat di peta")).to_have_count(1)
    village = Village.objects.get(pk=sarongan.pk)
    assert (str(village.hall_latitude), str(village.hall_longitude)) == ("-8.601200", "114.031200")

    page.get_by_role("link", name=str(sarongan), exact=True).click()
    page.get_by_role("textbox", name="Lintang balai desa").fill("200")
    page.get_by_role("button", name="Simpan").first.click()
    expect(page.get_by_text("Lintang harus di antara -90 dan 90")).to_be_visible()
    assert Village.objects.get(pk=sarongan.pk).hall_latitude == village.hall_latitude
