"""The district's default courier table in the back office (/cms/): district staff ("Staf
dinas") list the five zones and change their amounts; nobody adds or deletes a row there,
no seller's own row is reachable, and village operators and sellers are refused."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse

from shipping.methods import Zone
from shipping.models import CourierRate, SellerShipping
from shipping.rates import rate_table
from tests.registry.factories import villages
from tests.sellers.applying import operator_create
from tests.sellers.factories import seller_create

pytestmark = pytest.mark.django_db

INDEX = "shipping_default_rates:index"
EDIT = "shipping_default_rates:edit"
DEFAULTS = importlib.import_module("shipping.migrations.0005_default_courier_rates").DEFAULTS


@pytest.fixture
def rates(db) -> dict[str, CourierRate]:
    """The district's table as the migration writes it (a transactional test's flush may
    have taken the migration's rows)."""
    table = {}
    for zone, base_fee, per_kg, available in DEFAULTS:
        table[zone] = CourierRate.objects.update_or_create(
            seller=None,
            zone=zone,
            defaults={"base_fee": base_fee, "per_kg": per_kg, "available": available},
        )[0]
    return table


@pytest.fixture
def staff(db):
    """District staff, as the "Staf dinas" group of the registry's migration makes them."""
    migration = importlib.import_module("registry.migrations.0003_backoffice_groups")
    migration.groups_create(django_apps, None)
    user = get_user_model().objects.create_user("staf_dinas", "staf@dinas.test", "x")
    user.groups.add(Group.objects.get(name="Staf dinas"))
    return user


@pytest.fixture
def seller(db, rates):
    """A seller with their own table (which the back office must never show)."""
    shop = seller_create(name="Toko Arum Manis", village=villages()[0])
    SellerShipping.objects.create(seller=shop, own_rates=True)
    for zone in Zone.values:
        CourierRate.objects.create(seller=shop, zone=zone, base_fee=777, per_kg=77)
    return shop


def edit_data(**overrides) -> dict:
    data = {"base_fee": "12.500", "per_kg": "2500", "available": "on"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def values() -> list[tuple]:
    return list(
        CourierRate.objects.order_by("pk").values_list(
            "seller", "zone", "base_fee", "per_kg", "available"
        )
    )


def test_staff_see_the_five_zones_in_order(client, staff, rates, seller):
    client.force_login(staff)

    response = client.get(reverse(INDEX))

    assert response.status_code == 200
    page = response.content.decode()
    labels = [str(label) for label in Zone.labels]
    positions = [page.index(label) for label in labels]
    assert positions == sorted(positions)
    assert "Rp5.000" in page and "Rp50.000" in page
    assert "Rp777" not in page  # a seller's own table is not the district's
    for rate in rates.values():
        assert reverse(EDIT, args=[rate.pk]) in page
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tarif kurir bawaan" in home and reverse(INDEX) in home


def test_staff_change_a_zone_and_sellers_on_the_district_table_charge_it(client, staff, rates):
    shop = seller_create(name="Toko Bening Sari", village=villages()[1])
    rate = rates["district"]
    client.force_login(staff)

    response = client.post(reverse(EDIT, args=[rate.pk]), edit_data())

    assert response.status_code == 302
    rate.refresh_from_db()
    assert (rate.base_fee, rate.per_kg, rate.available, rate.seller_id) == (12500, 2500, True, None)
    assert rate_table(seller=shop)["district"].base_fee == 12500
    listing = client.get(reverse(INDEX)).content.decode()
    assert "Rp12.500" in listing


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("base_fee", "10000001", "Paling besar Rp10.000.000."),
        ("base_fee", "15000,50", "Rupiah bulat tanpa sen"),
        ("per_kg", "-5", "Rupiah bulat tanpa sen"),
        ("per_kg", "abc", "Rupiah bulat tanpa sen"),
        ("base_fee", "99999999999999999999", "Paling besar Rp10.000.000."),
    ],
)
def test_bad_amounts_are_explained_and_not_saved(client, staff, rates, field, value, expected):
    rate = rates["village"]
    before = values()
    client.force_login(staff)

    response = client.post(reverse(EDIT, args=[rate.pk]), edit_data(**{field: value}))

    assert response.status_code == 200
    assert expected in response.content.decode()
    assert values() == before


def test_there_is_no_add_or_delete_and_no_sellers_row(client, staff, rates, seller):
    client.force_login(staff)
    before = values()
    for name in ("add", "delete", "copy", "usage", "inspect"):
        with pytest.raises(NoReverseMatch):
            reverse(f"shipping_default_rates:{name}", args=[rates["village"].pk])
    with pytest.raises(NoReverseMatch):
        reverse("shipping_default_rates:add")

    assert client.post("/cms/shipping/default-rates/new/", edit_data()).status_code == 404
    own = CourierRate.objects.filter(seller=seller).first()
    assert client.get(reverse(EDIT, args=[own.pk])).status_code == 404
    assert client.post(reverse(EDIT, args=[own.pk]), edit_data()).status_code == 404
    assert client.get(reverse(EDIT, args=[99999999])).status_code == 404
    # A seller field in the post changes nothing: the form has the amounts only.
    client.post(reverse(EDIT, args=[rates["village"].pk]), edit_data(seller=str(seller.pk)))
    assert CourierRate.objects.get(pk=rates["village"].pk).seller_id is None
    assert CourierRate.objects.filter(seller__isnull=True).count() == 5
    assert [v for v in values() if v[0] is not None] == [v for v in before if v[0] is not None]


def test_village_operators_are_refused(client, rates):
    operator = operator_create("operator_a", villages()[0])
    client.force_login(operator)
    before = values()

    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert reverse(INDEX) not in home.content.decode()
    for response in (
        client.get(reverse(INDEX)),
        client.get(reverse(EDIT, args=[rates["village"].pk])),
        client.post(reverse(EDIT, args=[rates["village"].pk]), edit_data()),
    ):
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
    assert values() == before


def test_sellers_are_refused(client, rates, seller):
    client.force_login(seller.user)
    before = values()

    for response in (
        client.get(reverse(INDEX)),
        client.post(reverse(EDIT, args=[rates["village"].pk]), edit_data()),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert values() == before
