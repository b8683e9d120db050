"""The applications list in the back office (/cms/sellers/applications/): open ones by
default, a status filter, each operator only their villages', staff all; every URL of the
viewset refuses another village's application; NIKs stay masked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import get_resolver, reverse

from registry.nik import nik_blind_index, nik_encrypt, nik_mask
from sellers.models import SellerApplication
from tests.registry.factories import nik_for

from .applying import (
    World,
    private_root,  # noqa: F401
    user_create,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("sellers_applications:index")


def application_create(world, *, village, shop_name, status, serial, user=None):
    nik = nik_for(birth_date=dt.date(1980, 2, 3), gender="L", serial=serial)
    return SellerApplication.objects.create(
        user=user or world.applicant,
        shop_name=shop_name,
        main_category=world.category,
        village=village,
        nik_encrypted=nik_encrypt(nik),
        nik_index=nik_blind_index(nik),
        nik_masked=nik_mask(nik),
        full_name=f"Pemilik {shop_name}",
        birth_date=dt.date(1980, 2, 3),
        whatsapp="+6281234567890",
        status=status,
    )


@pytest.fixture
def world(wagtail_site):
    world = World()
    Status = SellerApplication.Status
    world.apps = {
        "awaiting_a": application_create(
            world,
            village=world.village_a,
            shop_name="Tempe Desa A",
            status=Status.AWAITING_OPERATOR,
            serial=11,
        ),
        "pending_b": application_create(
            world,
            village=world.village_b,
            shop_name="Batik Desa B",
            status=Status.PENDING,
            serial=12,
            user=user_create("bambang"),
        ),
        "rejected_a": application_create(
            world,
            village=world.village_a,
            shop_name="Madu Desa A",
            status=Status.REJECTED,
            serial=13,
            user=user_create("rina"),
        ),
        "approved_b": application_create(
            world,
            village=world.village_b,
            shop_name="Gula Desa B",
            status=Status.APPROVED,
            serial=14,
            user=user_create("dewi"),
        ),
    }
    return world


def names(response) -> set[str]:
    return {a.shop_name for a in response.context["object_list"]}


def test_staff_see_open_applications_by_default_and_filter_by_status(client, world):
    client.force_login(world.staff)
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert INDEX in menu and reverse("sellers_sellers:index") in menu
    response = client.get(INDEX)
    assert response.status_code == 200
    assert names(response) == {"Tempe Desa A", "Batik Desa B"}
    assert names(client.get(INDEX, {"status": "rejected"})) == {"Madu Desa A"}
    assert names(client.get(INDEX, {"status": "approved"})) == {"Gula Desa B"}
    assert names(client.get(INDEX, {"status": "all"})) == {
        "Tempe Desa A",
        "Batik Desa B",
        "Madu Desa A",
        "Gula Desa B",
    }
    assert names(client.get(INDEX, {"status": "all", "village": world.village_b.pk})) == {
        "Batik Desa B",
        "Gula Desa B",
    }
    # The search box finds by shop or applicant name.
    assert names(client.get(INDEX, {"status": "all", "q": "madu"})) == {"Madu Desa A"}


def test_operator_lists_only_their_villages(client, world):
    client.force_login(world.operator_a)
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert INDEX in home.content.decode()
    assert reverse("sellers_sellers:index") not in home.content.decode()
    assert names(client.get(INDEX)) == {"Tempe Desa A"}
    assert names(client.get(INDEX, {"status": "all"})) == {"Tempe Desa A", "Madu Desa A"}
    # Asking for village B by the filter shows nothing of it.
    html = client.get(INDEX, {"status": "all", "village": world.village_b.pk}).content.decode()
    assert "Desa B" not in html


def test_every_url_refuses_another_villages_application(client, world):
    """Walks the viewset's URL patterns, so a view added later is covered too."""
    target = world.apps["pending_b"]
    _prefix, resolver = get_resolver().namespace_dict["sellers_applications"]
    before = list(SellerApplication.objects.order_by("pk").values())
    checked = []
    client.force_login(world.operator_a)
    for pattern in resolver.url_patterns:
        converters = set(pattern.pattern.converters)
        if not converters:
            continue
        assert converters <= {"pk", "document_pk"}, pattern.name
        kwargs = {"pk": target.pk}
        if "document_pk" in converters:
            kwargs["document_pk"] = 1
        url = reverse(f"sellers_applications:{pattern.name}", kwargs=kwargs)
        assert client.get(url).status_code == 404, url
        for action in ("vouch", "approve", "reject", "check_nik"):
            data = {"action": action, "note": "x", "reason": "x", "nik": "3510010302800012"}
            assert client.post(url, data).status_code in (404, 405), (url, action)
        checked.append(pattern.name)
    assert set(checked) == {"detail", "document"}
    assert list(SellerApplication.objects.order_by("pk").values()) == before


def test_detail_masks_the_nik_and_offers_what_the_user_may_do(client, world):
    application = world.apps["awaiting_a"]
    full_nik = nik_for(birth_date=dt.date(1980, 2, 3), gender="L", serial=11)
    url = reverse("sellers_applications:detail", args=[application.pk])

    client.force_login(world.operator_a)
    html = client.get(url).content.decode()
    assert application.nik_masked in html and full_nik not in html
    assert "Jamin" in html and "Setujui" not in html and "Tolak" not in html

    client.force_login(world.staff)
    html = client.get(url).content.decode()
    assert application.nik_masked in html and full_nik not in html
    assert "Tolak" in html
    # Staff keep every village, so they may vouch too; approval waits for verification.
    assert "Belum dapat disetujui" in html

    decided = reverse("sellers_applications:detail", args=[world.apps["approved_b"].pk])
    html = client.get(decided).content.decode()
    assert "Tolak" not in html and "Jamin" not in html


def test_users_outside_the_back_office_groups_see_nothing(client, world):
    client.force_login(user_create("tamu"))
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
