"""A village's hall (balai desa): its address, opening hours and map point, kept in the
back office (/cms/registry/village-halls/) by the village's operator or district staff,
and filled in by the demo."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, get_resolver, reverse
from wagtail.models import ModelLogEntry

from registry.demo import HALL_HOURS, village_halls_ensure
from registry.models import Village
from registry.services import regions_load, village_hall_save, village_operator_assign
from tests.registry.factories import villages
from tests.registry.test_backoffice_scoping import refused, staff_create, user_create

pytestmark = pytest.mark.django_db

HALLS = "registry_village_halls"
ADDRESS = "Jl. Raya Sumberagung No. 3, Desa Sumberagung, Kec. Pesanggaran"


class World:
    """Two villages of Pesanggaran, each with its operator; district staff."""

    def __init__(self):
        self.village_a, self.village_b = villages()[:2]
        self.operator_a = user_create("operator_a")
        village_operator_assign(user=self.operator_a, villages=[self.village_a])
        self.operator_b = user_create("operator_b")
        village_operator_assign(user=self.operator_b, villages=[self.village_b])
        self.staff = staff_create("staf")
        self.village_b.hall_address = "Jl. Kantor Desa No. 1, Desa B"
        self.village_b.hall_hours = "Senin–Jumat 08.00–15.00"
        self.village_b.save()


@pytest.fixture
def world() -> World:
    return World()


def villages_snapshot():
    return list(Village.objects.order_by("pk").values())


def hall_data(**overrides) -> dict[str, str]:
    data = {
        "hall_address": ADDRESS,
        "hall_hours": "Senin–Jumat 08.00–15.00, Sabtu 08.00–12.00",
        "hall_latitude": "-8.5912",
        "hall_longitude": "114.0321",
    }
    data.update(overrides)
    return data


def edit_url(village) -> str:
    return reverse(f"{HALLS}:edit", args=[village.pk])


def errors(response) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


# The model -----------------------------------------------------------------------------


def test_hall_fields_and_map_link():
    village = villages()[0]
    assert not village.has_hall and village.hall_map_url() == ""
    village.hall_address = "   "
    assert not village.has_hall
    village.hall_address = ADDRESS
    village.hall_latitude, village.hall_longitude = Decimal("-8.219200"), Decimal("114.369100")
    village.full_clean()
    village.save()
    village.refresh_from_db()
    assert village.has_hall
    assert village.hall_map_url() == (
        "https://www.openstreetmap.org/?mlat=-8.2192&mlon=114.3691#map=17/-8.2192/114.3691"
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"hall_latitude": 200, "hall_longitude": 114}, "hall_latitude", "Lintang harus di antara"),
        ({"hall_latitude": -8, "hall_longitude": -181}, "hall_longitude", "Bujur harus di antara"),
        ({"hall_latitude": Decimal("-8.2")}, "hall_longitude", "Isi lintang dan bujur"),
        ({"hall_longitude": Decimal("114.3")}, "hall_latitude", "Isi lintang dan bujur"),
        ({"hall_address": "x" * 10_000}, "hall_address", "Alamat balai desa terlalu panjang"),
        ({"hall_hours": "x" * 201}, "hall_hours", "200"),
    ],
)
def test_model_validation_says_what_is_wrong(fields, field, message):
    village = villages()[0]
    for name, value in fields.items():
        setattr(village, name, value)
    with pytest.raises(ValidationError) as raised:
        village.full_clean()
    assert set(raised.value.message_dict) == {field}
    assert len(raised.value.message_dict[field]) == 1, "one message, not the constraint's too"
    assert message in raised.value.message_dict[field][0]


def test_database_refuses_half_a_point_or_one_out_of_range():
    village = villages()[0]
    rows = Village.objects.filter(pk=village.pk)
    for values in (
        {"hall_latitude": Decimal("-8.2")},
        {"hall_longitude": Decimal("114.3")},
        {"hall_latitude": Decimal("95"), "hall_longitude": Decimal("114.3")},
        {"hall_latitude": Decimal("-8.2"), "hall_longitude": Decimal("-180.5")},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            rows.update(**values)
    rows.update(hall_latitude=Decimal("-8.2"), hall_longitude=Decimal("114.3"))
    assert rows.get().has_hall_point


def test_service_writes_only_the_hall_and_only_for_the_users_villages(world):
    village = Village.objects.get(pk=world.village_a.pk)
    village.name = "Diganti"
    village.hall_address = f"  {ADDRESS}  "
    village_hall_save(village=village, user=world.operator_a)
    stored = Village.objects.get(pk=village.pk)
    assert (stored.name, stored.hall_address) == (world.village_a.name, ADDRESS)

    before = villages_snapshot()
    other = Village.objects.get(pk=world.village_b.pk)
    other.hall_address = "Diubah operator lain"
    with pytest.raises(PermissionDenied):
        village_hall_save(village=other, user=world.operator_a)
    assert villages_snapshot() == before


# The back office -----------------------------------------------------------------------


def test_operator_lists_and_edits_only_their_own_village(client, world):
    client.force_login(world.operator_a)
    listing = client.get(reverse(f"{HALLS}:index"))
    assert listing.status_code == 200
    assert [v.pk for v in listing.context["object_list"]] == [world.village_a.pk]
    html = listing.content.decode()
    assert "Belum diisi" in html and edit_url(world.village_a) in html
    assert edit_url(world.village_b) not in html and world.village_b.code not in html
    assert "Kantor Desa" not in html

    form = client.get(edit_url(world.village_a))
    assert form.status_code == 200
    assert set(form.context["form"].fields) == {
        "hall_address",
        "hall_hours",
        "hall_latitude",
        "hall_longitude",
    }
    assert world.village_a.code in form.content.decode()

    # Name, code and district sent along are ignored: only the hall changes.
    saved = client.post(
        edit_url(world.village_a),
        hall_data(name="Diganti", code="99.99.99.9999", district=str(world.village_b.district_id)),
    )
    assert saved.status_code == 302
    village = Village.objects.get(pk=world.village_a.pk)
    assert (village.name, village.code) == (world.village_a.name, world.village_a.code)
    assert village.hall_address == ADDRESS
    assert (village.hall_latitude, village.hall_longitude) == (
        Decimal("-8.591200"),
        Decimal("114.032100"),
    )
    assert ModelLogEntry.objects.filter(
        object_id=str(village.pk), action="wagtail.edit", user=world.operator_a
    ).exists()
    after = client.get(edit_url(world.village_a)).content.decode()
    assert village.hall_map_url().replace("&", "&amp;") in after
    history = client.get(reverse(f"{HALLS}:history", args=[village.pk]))
    assert history.status_code == 200 and "operator_a" in history.content.decode()


def test_operator_cannot_reach_another_village_through_any_url(client, world):
    client.force_login(world.operator_a)
    before = villages_snapshot()
    _prefix, resolver = get_resolver().namespace_dict[HALLS]
    checked = []
    for pattern in resolver.url_patterns:
        if not pattern.pattern.converters:
            continue
        url = reverse(f"{HALLS}:{pattern.name}", kwargs={"pk": world.village_b.pk})
        get = client.get(url)
        assert refused(get), (url, get.status_code)
        assert "Kantor Desa" not in get.content.decode()
        post = client.post(url, hall_data())
        assert refused(post), (url, post.status_code)
        checked.append(pattern.name)
    assert {"edit", "history"} <= set(checked)
    assert client.get(edit_url(world.village_b)).status_code == 404
    assert client.post(edit_url(world.village_b), hall_data()).status_code == 404
    assert villages_snapshot() == before


def test_no_add_or_delete_and_no_screen_for_users_who_keep_no_village(client, world):
    with pytest.raises(NoReverseMatch):
        reverse(f"{HALLS}:add")
    with pytest.raises(NoReverseMatch):
        reverse(f"{HALLS}:delete", args=[world.village_a.pk])
    editor = user_create("editor")
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_village_hall"),
    )
    client.force_login(editor)
    before = villages_snapshot()
    assert refused(client.get(reverse(f"{HALLS}:index")))
    assert refused(client.post(edit_url(world.village_a), hall_data()))
    assert villages_snapshot() == before
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(f"{HALLS}:index") not in home


def test_migration_lets_both_back_office_groups_keep_halls_and_undoes_it():
    migration = importlib.import_module("registry.migrations.0006_village_hall_permission")
    groups = [Group.objects.get_or_create(name=name)[0] for name in ("Operator desa", "Staf dinas")]
    for group in groups:
        group.permissions.remove(Permission.objects.get(codename="change_village_hall"))
    migration.permission_grant(django_apps, None)
    for group in groups:
        assert group.permissions.filter(codename="change_village_hall").exists(), group.name
    migration.permission_revoke(django_apps, None)
    for group in groups:
        assert not group.permissions.filter(codename="change_village_hall").exists(), group.name


def test_district_staff_list_search_page_and_edit_any_village(client, world):
    regions_load(code="35.10")
    client.force_login(world.staff)
    url = reverse(f"{HALLS}:index")
    first = client.get(url)
    assert first.status_code == 200
    assert first.context["paginator"].count == Village.objects.count() == 217
    assert len(first.context["object_list"]) == 50
    second = client.get(url, {"p": 2})
    assert {v.pk for v in second.context["object_list"]}.isdisjoint(
        {v.pk for v in first.context["object_list"]}
    )
    by_name = client.get(url, {"q": "kemiren"})
    assert [v.code for v in by_name.context["object_list"]] == ["35.10.15.2004"]
    by_code = client.get(url, {"q": "35.10.15."})
    assert {v.district.name for v in by_code.context["object_list"]} == {"Glagah"}
    missing = client.get(url, {"hall": "missing"}).context["paginator"].count
    assert missing == 216
    filled = client.get(url, {"hall": "filled"})
    assert [v.pk for v in filled.context["object_list"]] == [world.village_b.pk]

    for village in (world.village_a, world.village_b):
        response = client.post(edit_url(village), hall_data(hall_address=f"Balai {village.name}"))
        assert response.status_code == 302
        assert Village.objects.get(pk=village.pk).hall_address == f"Balai {village.name}"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"hall_latitude": "200"}, "hall_latitude", "Lintang harus di antara -90 dan 90"),
        ({"hall_longitude": "-190"}, "hall_longitude", "Bujur harus di antara -180 dan 180"),
        ({"hall_longitude": ""}, "hall_longitude", "Isi lintang dan bujur"),
        ({"hall_latitude": ""}, "hall_latitude", "Isi lintang dan bujur"),
        ({"hall_address": "Jl. " * 2500}, "hall_address", "paling banyak 500 karakter"),
        ({"hall_hours": "x" * 300}, "hall_hours", "200"),
        ({"hall_latitude": "utara"}, "hall_latitude", ""),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(client, world, data, field, message):
    client.force_login(world.operator_a)
    before = villages_snapshot()
    response = client.post(edit_url(world.village_a), hall_data(**data))
    assert response.status_code == 200
    found = errors(response)
    assert field in found, found
    assert any(message in text for text in found[field]), found
    html = response.content.decode()
    assert "Data balai desa belum disimpan" in html
    assert villages_snapshot() == before


def test_a_point_pasted_whole_fills_both_boxes_and_is_rounded(client, world):
    client.force_login(world.operator_a)
    response = client.post(
        edit_url(world.village_a),
        hall_data(hall_latitude="-8.21923312, 114.36914", hall_longitude=""),
    )
    assert response.status_code == 302
    village = Village.objects.get(pk=world.village_a.pk)
    assert (village.hall_latitude, village.hall_longitude) == (
        Decimal("-8.219233"),
        Decimal("114.369140"),
    )
    # A comma for the decimals, as Indonesian number formats write them, is understood.
    client.post(edit_url(world.village_a), hall_data(hall_latitude="-8,5", hall_longitude="114"))
    village.refresh_from_db()
    assert village.hall_latitude == Decimal("-8.5")
    # Emptying both removes the point.
    client.post(edit_url(world.village_a), hall_data(hall_latitude="", hall_longitude=""))
    village.refresh_from_db()
    assert village.hall_map_url() == "" and village.has_hall


# The demo ------------------------------------------------------------------------------


def test_demo_halls_are_plausible_idempotent_and_keep_what_an_operator_wrote():
    glagah = villages("35.10.15")
    kept = glagah[1]
    kept.hall_address = "Ditulis operator"
    kept.save()
    assert village_halls_ensure(villages=glagah)["created"] == len(glagah) - 1
    once = villages_snapshot()
    fresh = list(Village.objects.filter(pk__in=[v.pk for v in glagah]))
    assert village_halls_ensure(villages=fresh)["created"] == 0
    assert villages_snapshot() == once

    halls = Village.objects.filter(pk__in=[v.pk for v in glagah]).exclude(pk=kept.pk)
    for village in halls:
        assert village.hall_address.startswith("Jl. ")
        assert f"{village.get_kind_display()} {village.name}, Kec. Glagah" in village.hall_address
        assert " No. " in village.hall_address
        assert village.hall_hours
        village.full_clean()
    assert Village.objects.get(pk=kept.pk).hall_address == "Ditulis operator"
    kemiren = Village.objects.get(code="35.10.15.2004")
    assert kemiren.hall_hours == HALL_HOURS
    assert kemiren.hall_map_url().startswith("https://www.openstreetmap.org/?mlat=-8.2")
    assert halls.filter(hall_latitude__isnull=True).exists(), "only some have a map point"
