"""The registry's back office (/cms/registry/): operators see and change only their own
villages through every view and URL; staff see all; NIKs stay masked; full NIKs and exports
write access-log rows."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import get_resolver, reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from registry.models import Household, NikAccessLog, Resident
from registry.nik import nik_decrypt
from registry.services import village_operator_assign
from tests.registry.factories import nik_for, resident_create, villages

pytestmark = pytest.mark.django_db

RESIDENTS = "registry_residents"
HOUSEHOLDS = "registry_households"
#: The brief's example NIK: Pesanggaran (35.10.01), 12 March 1985, male, serial 0007.
NIK_AGUS = "3510011203850007"


def user_create(username: str, **fields):
    return get_user_model().objects.create_user(username=username, password="x", **fields)


def staff_create(username: str):
    """District staff, with the "Staf dinas" group's permissions given directly: a test
    cannot count on the migration's groups, which a transactional test's flush removes."""
    user = user_create(username)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="registry").exclude(
            codename__in=["add_nikaccesslog", "change_nikaccesslog", "delete_nikaccesslog"]
        ),
    )
    return user


class World:
    """Two villages of Pesanggaran, each with an operator, residents and a household."""

    def __init__(self):
        self.village_a, self.village_b = villages()[:2]
        self.operator_a = user_create("operator_a")
        village_operator_assign(user=self.operator_a, villages=[self.village_a])
        self.operator_b = user_create("operator_b")
        village_operator_assign(user=self.operator_b, villages=[self.village_b])
        self.staff = staff_create("staf")

        self.household_a = Household.objects.create(
            kk_number="3510011203150001", village=self.village_a, rt="001", rw="002"
        )
        self.household_b = Household.objects.create(
            kk_number="3510011203150002", village=self.village_b, rt="003", rw="004"
        )
        self.agus = resident_create(
            village=self.village_a,
            full_name="Agus Salim",
            birth_date=dt.date(1985, 3, 12),
            gender="L",
            nik=NIK_AGUS,
            household=self.household_a,
            relation=Resident.Relation.HEAD,
            rt="001",
            rw="002",
        )
        self.sri = resident_create(
            village=self.village_a,
            full_name="Sri Wahyuni",
            birth_date=dt.date(1987, 7, 21),
            gender="P",
            serial=2,
            household=self.household_a,
            relation=Resident.Relation.SPOUSE,
        )
        self.bambang = resident_create(
            village=self.village_b,
            full_name="Bambang Sutrisno",
            birth_date=dt.date(1979, 5, 4),
            gender="L",
            serial=3,
            household=self.household_b,
            relation=Resident.Relation.HEAD,
            dtks_listed=True,
        )
        self.household_a.head = self.agus
        self.household_a.save()
        self.household_b.head = self.bambang
        self.household_b.save()

    def nik(self, resident: Resident) -> str:
        return nik_decrypt(resident.nik_encrypted)


@pytest.fixture
def world() -> World:
    return World()


def snapshot():
    """Every resident and household field, and the access log: what a refused request
    must leave exactly as it was."""
    return (
        list(Resident.objects.order_by("pk").values()),
        list(Household.objects.order_by("pk").values()),
        NikAccessLog.objects.count(),
    )


def viewset_urls(namespace: str, pk: int) -> list[tuple[str, str, bool]]:
    """(name, URL, takes an object) of every view the viewset registers, found through the
    URL resolver so that a view added later is covered too; ``pk`` fills the object's id."""
    _prefix, resolver = get_resolver().namespace_dict[namespace]
    urls = []
    for pattern in resolver.url_patterns:
        converters = set(pattern.pattern.converters)
        assert converters <= {"pk"}, f"{namespace}:{pattern.name} takes {converters}: test it"
        kwargs = {"pk": pk} if converters else {}
        url = reverse(f"{namespace}:{pattern.name}", kwargs=kwargs)
        urls.append((pattern.name, url, bool(converters)))
    assert urls, namespace
    return urls


def refused(response) -> bool:
    """403, 404, or Wagtail's redirect for a refused permission (to the admin home or login)."""
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        return response["Location"].split("?")[0] in (
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_login"),
        )
    return False


def resident_post_data(world: World, village, **overrides) -> dict[str, str]:
    data = {
        "nik": "",
        "full_name": "Diubah Orang Lain",
        "birth_place": "Banyuwangi",
        "birth_date": "1979-05-04",
        "gender": "L",
        "village": str(village.pk),
        "rt": "009",
        "rw": "009",
        "address": "Diubah",
        "phone": "",
        "kk_number": "",
        "relation": "",
        "dtks_confirmed_on": "",
        "status": "moved",
    }
    data.update(overrides)
    return data


# Listing --------------------------------------------------------------------------------


def test_operator_listing_shows_only_their_village(client, world):
    client.force_login(world.operator_a)
    response = client.get(reverse(f"{RESIDENTS}:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Agus Salim" in html and "Sri Wahyuni" in html
    assert "Bambang Sutrisno" not in html
    assert world.agus.nik_masked in html

    households = client.get(reverse(f"{HOUSEHOLDS}:index")).content.decode()
    assert world.household_a.kk_masked in households
    assert world.household_a.kk_number not in households, "KK numbers are listed masked"
    assert world.household_b.kk_masked not in households


def test_operator_cannot_reach_another_village_through_any_url(client, world):
    client.force_login(world.operator_a)
    before = snapshot()
    targets = {RESIDENTS: world.bambang.pk, HOUSEHOLDS: world.household_b.pk}
    checked = []
    for namespace, pk in targets.items():
        for name, url, takes_object in viewset_urls(namespace, pk):
            if not takes_object:
                continue  # index, results, add: by the tests below
            get = client.get(url)
            assert refused(get), (url, get.status_code)
            assert "Bambang" not in get.content.decode(), url
            post = client.post(url, resident_post_data(world, world.village_b, purpose="x"))
            assert refused(post), (url, post.status_code)
            checked.append(f"{namespace}:{name}")
    assert snapshot() == before
    # The views that take an object: edit, delete, history, usage, and the NIK reveal.
    assert {f"{RESIDENTS}:edit", f"{RESIDENTS}:delete", f"{RESIDENTS}:reveal_nik"} <= set(checked)
    assert {f"{HOUSEHOLDS}:edit", f"{HOUSEHOLDS}:delete", f"{HOUSEHOLDS}:history"} <= set(checked)


def test_operator_cannot_create_in_another_village(client, world):
    client.force_login(world.operator_a)
    before = snapshot()
    data = resident_post_data(
        world,
        world.village_b,
        nik=nik_for(birth_date=dt.date(1979, 5, 4), gender="L", serial=77),
        full_name="Penyusup",
    )
    response = client.post(reverse(f"{RESIDENTS}:add"), data)
    assert response.status_code == 200
    assert "village" in response.context["form"].errors
    household = client.post(
        reverse(f"{HOUSEHOLDS}:add"),
        {"kk_number": "3510011203159999", "village": world.village_b.pk, "rt": "1", "rw": "1"},
    )
    assert household.status_code == 200
    assert "village" in household.context["form"].errors
    assert snapshot() == before


def test_operator_cannot_move_own_resident_into_another_village(client, world):
    client.force_login(world.operator_a)
    before = snapshot()
    response = client.post(
        reverse(f"{RESIDENTS}:edit", args=[world.agus.pk]),
        resident_post_data(world, world.village_b, birth_date="1985-03-12"),
    )
    assert response.status_code == 200
    assert "village" in response.context["form"].errors
    assert snapshot() == before


def test_village_filter_and_form_offer_only_own_villages(client, world):
    client.force_login(world.operator_a)
    response = client.get(reverse(f"{RESIDENTS}:index"))
    offered = set(response.context["filters"].form.fields["village"].queryset)
    assert offered == {world.village_a}
    add = client.get(reverse(f"{RESIDENTS}:add"))
    assert set(add.context["form"].fields["village"].queryset) == {world.village_a}
    assert f'value="{world.village_b.pk}"' not in add.content.decode()

    # Asking for village B's residents by the filter shows none of them.
    filtered = client.get(reverse(f"{RESIDENTS}:index"), {"village": world.village_b.pk})
    assert "Bambang" not in filtered.content.decode()


def test_filters_status_dtks_gender(client, world):
    client.force_login(world.staff)
    url = reverse(f"{RESIDENTS}:index")
    women = client.get(url, {"gender": "P"}).content.decode()
    assert "Sri Wahyuni" in women and "Agus Salim" not in women
    dtks = client.get(url, {"dtks_listed": "true"}).content.decode()
    assert "Bambang" in dtks and "Agus Salim" not in dtks
    world.sri.status = Resident.Status.MOVED
    world.sri.save()
    moved = client.get(url, {"status": "moved"}).content.decode()
    assert "Sri Wahyuni" in moved and "Agus Salim" not in moved


def test_staff_see_every_village(client, world):
    client.force_login(world.staff)
    html = client.get(reverse(f"{RESIDENTS}:index")).content.decode()
    assert "Agus Salim" in html and "Bambang Sutrisno" in html
    response = client.get(reverse(f"{RESIDENTS}:index"))
    offered = set(response.context["filters"].form.fields["village"].queryset)
    assert offered == {world.village_a, world.village_b}
    edit = client.get(reverse(f"{RESIDENTS}:edit", args=[world.bambang.pk]))
    assert edit.status_code == 200


# Search: by POST, kept in the session; never a number in a URL --------------------------


def test_search_by_nik_finds_only_own_village_and_keeps_the_number_out_of_urls(client, world):
    client.force_login(world.operator_a)
    url = reverse(f"{RESIDENTS}:index")
    found = client.post(url, {"q": "3510 0112 0385 0007"}, follow=True)
    assert found.redirect_chain == [(url, 302)], "back to the listing by GET"
    assert [r.pk for r in found.context["object_list"]] == [world.agus.pk]
    html = found.content.decode()
    assert "no-store" in found["Cache-Control"]
    assert NIK_AGUS not in html and "Hasil pencarian nomor 3510********0007" in html
    assert NIK_AGUS not in str(client.session.items()), "the session keeps the rows, not the number"
    # The listing's other pages and its export follow the search.
    export = client.get(url, {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert [row["Nama lengkap"] for row in rows] == ["Agus Salim"]

    other = client.post(url, {"q": world.nik(world.bambang)}, follow=True)
    assert list(other.context["object_list"]) == []
    assert "Bambang" not in other.content.decode()
    assert "Tidak ada data dengan nomor itu di desa Anda." in other.content.decode()

    cleared = client.post(url, {"clear": "1"}, follow=True)
    assert {r.pk for r in cleared.context["object_list"]} == {world.agus.pk, world.sri.pk}

    # The staff find it.
    client.force_login(world.staff)
    staff = client.post(url, {"q": world.nik(world.bambang)}, follow=True)
    assert [r.pk for r in staff.context["object_list"]] == [world.bambang.pk]


def test_a_kk_number_finds_the_household_and_its_members(client, world):
    client.force_login(world.operator_a)
    residents = client.post(
        reverse(f"{RESIDENTS}:index"), {"q": world.household_a.kk_number}, follow=True
    )
    assert {r.pk for r in residents.context["object_list"]} == {world.agus.pk, world.sri.pk}
    households = client.post(reverse(f"{HOUSEHOLDS}:index"), {"q": NIK_AGUS}, follow=True)
    assert [h.pk for h in households.context["object_list"]] == [world.household_a.pk]
    by_name = client.post(reverse(f"{HOUSEHOLDS}:index"), {"q": "wahyu"}, follow=True)
    assert [h.pk for h in by_name.context["object_list"]] == [world.household_a.pk]
    html = households.content.decode() + residents.content.decode()
    assert world.household_a.kk_number not in html and NIK_AGUS not in html


def test_name_search_pages_and_part_of_a_number_is_refused(client, world):
    client.force_login(world.operator_a)
    url = reverse(f"{RESIDENTS}:index")
    by_name = client.post(url, {"q": "agus"}, follow=True)
    assert [r.pk for r in by_name.context["object_list"]] == [world.agus.pk]
    assert "Hasil pencarian “agus”" in by_name.content.decode()
    # The listing's own filters (GET) keep the search.
    filtered = client.get(url, {"gender": "L"})
    assert [r.pk for r in filtered.context["object_list"]] == [world.agus.pk]

    partial = client.post(url, {"q": NIK_AGUS[:10]})
    assert partial.status_code == 200
    assert "NIK dan nomor KK terdiri dari 16 digit" in partial.content.decode()
    assert NIK_AGUS[:10] not in partial.content.decode()
    # The refused search changed nothing: the name search still holds.
    assert [r.pk for r in client.get(url).context["object_list"]] == [world.agus.pk]


def test_a_number_typed_into_an_address_is_sent_back_without_it(client, world):
    client.force_login(world.operator_a)
    url = reverse(f"{RESIDENTS}:index")
    for typed in (NIK_AGUS, "3510 0112 0385 0007", world.household_a.kk_number):
        response = client.get(url, {"q": typed, "gender": "L"})
        assert response.status_code == 303
        assert response["Location"] == f"{url}?gender=L"
    page = client.get(response["Location"]).content.decode()
    assert "NIK dan nomor KK tidak dikirim lewat alamat halaman" in page
    assert client.get("/search/", {"q": NIK_AGUS})["Location"] == "/search/"
    assert "Cari" in page and 'name="q"' in page and 'method="post"' in page


# Forms ---------------------------------------------------------------------------------


def test_create_resident_through_the_service(client, world):
    client.force_login(world.operator_a)
    nik = nik_for(birth_date=dt.date(1990, 1, 5), gender="P", serial=41)
    data = resident_post_data(
        world,
        world.village_a,
        nik=nik,
        full_name="Siti Rahmawati",
        birth_date="1990-01-05",
        gender="P",
        status="active",
        kk_number=world.household_a.kk_number,
        relation="child",
    )
    response = client.post(reverse(f"{RESIDENTS}:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    siti = Resident.objects.get(full_name="Siti Rahmawati")
    assert nik_decrypt(siti.nik_encrypted) == nik
    assert siti.household == world.household_a
    assert siti.nik_masked == f"{nik[:4]}********{nik[12:]}"


def test_create_refuses_nik_that_disagrees_and_never_echoes_it(client, world):
    client.force_login(world.operator_a)
    before = snapshot()
    nik = nik_for(birth_date=dt.date(1990, 1, 5), gender="P", serial=42)
    # The NIK says a woman born 5 January 1990; the form says a man born on 6 January.
    data = resident_post_data(
        world, world.village_a, nik=nik, birth_date="1990-01-06", gender="L", status="active"
    )
    response = client.post(reverse(f"{RESIDENTS}:add"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["nik"]
    assert "Tanggal lahir tidak cocok dengan NIK." in errors
    assert "Jenis kelamin tidak cocok dengan NIK." in errors
    assert nik not in response.content.decode()
    assert snapshot() == before

    missing = client.post(reverse(f"{RESIDENTS}:add"), {**data, "nik": ""})
    assert "nik" in missing.context["form"].errors

    duplicate = client.post(
        reverse(f"{RESIDENTS}:add"),
        {**data, "nik": NIK_AGUS, "birth_date": "1985-03-12", "gender": "L"},
    )
    assert duplicate.context["form"].errors["nik"] == [
        "NIK ini sudah terdaftar untuk penduduk lain."
    ]
    assert NIK_AGUS not in duplicate.content.decode()
    assert snapshot() == before


def test_edit_shows_masked_nik_and_can_replace_it(client, world):
    client.force_login(world.operator_a)
    url = reverse(f"{RESIDENTS}:edit", args=[world.agus.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert world.agus.nik_masked in page.content.decode()
    new_nik = nik_for(birth_date=dt.date(1985, 3, 12), gender="L", serial=8)
    data = resident_post_data(
        world,
        world.village_a,
        full_name="Agus Salim",
        birth_date="1985-03-12",
        status="active",
        nik=new_nik,
        kk_number=world.household_a.kk_number,
        relation="head",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    world.agus.refresh_from_db()
    assert world.nik(world.agus) == new_nik

    # Leaving the field empty keeps the NIK.
    client.post(url, {**data, "nik": "", "address": "Dusun Krajan"})
    world.agus.refresh_from_db()
    assert world.nik(world.agus) == new_nik and world.agus.address == "Dusun Krajan"


def test_household_form_checks_kk_number_and_head(client, world):
    client.force_login(world.operator_a)
    before = snapshot()
    bad = client.post(
        reverse(f"{HOUSEHOLDS}:add"),
        {"kk_number": "1234", "village": world.village_a.pk, "rt": "1", "rw": "1"},
    )
    assert bad.context["form"].errors["kk_number"] == ["Nomor KK harus 16 digit angka."]
    # The head of household A cannot be a resident of village B.
    edit = client.post(
        reverse(f"{HOUSEHOLDS}:edit", args=[world.household_a.pk]),
        {
            "kk_number": world.household_a.kk_number,
            "village": world.village_a.pk,
            "rt": "1",
            "rw": "1",
            "address": "",
            "head": world.bambang.pk,
        },
    )
    assert "head" in edit.context["form"].errors
    assert snapshot() == before


# Full NIK ------------------------------------------------------------------------------


def test_full_nik_needs_the_permission_and_a_purpose_and_is_logged(client, world):
    url = reverse(f"{RESIDENTS}:reveal_nik", args=[world.agus.pk])
    nik = world.nik(world.agus)

    client.force_login(world.operator_a)  # no registry.view_full_nik
    assert refused(client.get(url))
    assert refused(client.post(url, {"purpose": "Verifikasi bansos"}))
    assert NikAccessLog.objects.count() == 0

    client.force_login(world.staff)
    no_purpose = client.post(url, {"purpose": "  "})
    assert no_purpose.status_code == 200
    assert nik not in no_purpose.content.decode()
    assert NikAccessLog.objects.count() == 0

    edit = client.get(reverse(f"{RESIDENTS}:edit", args=[world.agus.pk]))
    assert url in edit.content.decode()  # the "Lihat NIK lengkap" action
    assert nik not in edit.content.decode()

    shown = client.post(url, {"purpose": "Verifikasi bansos"})
    assert shown.status_code == 200
    assert nik in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    log = NikAccessLog.objects.get()
    assert (log.user, log.resident, log.action, log.purpose) == (
        world.staff,
        world.agus,
        NikAccessLog.Action.VIEW,
        "Verifikasi bansos",
    )


def test_operator_with_full_nik_permission_still_only_in_their_villages(client, world):
    world.operator_a.user_permissions.add(
        Permission.objects.get(content_type__app_label="registry", codename="view_full_nik")
    )
    client.force_login(world.operator_a)
    own = client.post(
        reverse(f"{RESIDENTS}:reveal_nik", args=[world.agus.pk]), {"purpose": "Cek KTP"}
    )
    assert world.nik(world.agus) in own.content.decode()
    other = client.post(
        reverse(f"{RESIDENTS}:reveal_nik", args=[world.bambang.pk]), {"purpose": "Cek KTP"}
    )
    assert other.status_code == 404
    assert world.nik(world.bambang) not in other.content.decode()
    assert NikAccessLog.objects.filter(resident=world.bambang).count() == 0


# Export --------------------------------------------------------------------------------


def test_export_is_masked_scoped_and_logged(client, world):
    client.force_login(world.operator_a)
    url = reverse(f"{RESIDENTS}:index")
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert {row["Nama lengkap"] for row in rows} == {"Agus Salim", "Sri Wahyuni"}
    assert {row["NIK (disamarkan)"] for row in rows} == {
        world.agus.nik_masked,
        world.sri.nik_masked,
    }
    assert world.nik(world.agus) not in content and world.nik(world.sri) not in content
    logs = NikAccessLog.objects.filter(action=NikAccessLog.Action.EXPORT)
    assert sorted(logs.values_list("resident__full_name", flat=True)) == [
        "Agus Salim",
        "Sri Wahyuni",
    ]
    assert {(log.user, log.purpose) for log in logs} == {
        (world.operator_a, "Ekspor daftar penduduk")
    }

    xlsx = client.get(url, {"export": "xlsx", "gender": "P"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:2] == ["Sri Wahyuni", world.sri.nik_masked]
    assert len(values) == 2
    assert NikAccessLog.objects.filter(action=NikAccessLog.Action.EXPORT).count() == 3


# Who gets in ---------------------------------------------------------------------------


def all_registry_urls(world: World) -> list[str]:
    targets = {
        RESIDENTS: world.agus.pk,
        HOUSEHOLDS: world.household_a.pk,
        "registry_nik_access_log": 0,
        "registry_import": 0,
    }
    return [url for ns, pk in targets.items() for _name, url, _obj in viewset_urls(ns, pk)]


def test_anonymous_and_plain_users_get_nothing(client, world):
    before = snapshot()
    urls = all_registry_urls(world)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
        assert client.post(url, {}).status_code == 302, url

    client.force_login(user_create("pembeli"))
    for url in urls:
        assert refused(client.get(url)), url
        assert refused(client.post(url, {"purpose": "x"})), url

    # A Wagtail editor who keeps no village, even with the registry's model permissions:
    # admin yes, registry no, and no menu.
    editor = user_create("editor")
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="registry").exclude(
            codename="access_all_villages"
        ),
    )
    client.force_login(editor)
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert "Registri desa" not in home.content.decode()
    for url in urls:
        assert refused(client.get(url)), url
    assert snapshot() == before


def test_menu_shows_the_registry_to_operators_and_the_log_to_staff(client, world):
    client.force_login(world.operator_a)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Registri desa" in home and "Penduduk" in home and "Impor penduduk" in home
    assert "Log akses NIK" not in home
    assert refused(client.get(reverse("registry_nik_access_log:index")))

    client.force_login(world.staff)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Log akses NIK" in home
    assert client.get(reverse("registry_nik_access_log:index")).status_code == 200


# No full NIK in the pages --------------------------------------------------------------


def test_pages_show_only_masked_niks(client, world):
    niks = [world.nik(r) for r in (world.agus, world.sri, world.bambang)]
    client.force_login(world.staff)
    pages = [
        reverse(f"{RESIDENTS}:index"),
        reverse(f"{RESIDENTS}:edit", args=[world.agus.pk]),
        reverse(f"{RESIDENTS}:history", args=[world.agus.pk]),
        reverse(f"{HOUSEHOLDS}:index"),
        reverse(f"{HOUSEHOLDS}:edit", args=[world.household_a.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert [nik for nik in niks if nik in html] == [], url
    listing = client.get(reverse(f"{RESIDENTS}:index")).content.decode()
    assert world.agus.nik_masked in listing and world.bambang.nik_masked in listing
    household = client.get(reverse(f"{HOUSEHOLDS}:edit", args=[world.household_a.pk]))
    assert world.sri.nik_masked in household.content.decode()


def test_access_log_listing_for_staff(client, world):
    client.force_login(world.staff)
    client.post(reverse(f"{RESIDENTS}:reveal_nik", args=[world.bambang.pk]), {"purpose": "Audit"})
    response = client.get(reverse("registry_nik_access_log:index"))
    html = response.content.decode()
    assert "Audit" in html and world.bambang.nik_masked in html
    assert world.nik(world.bambang) not in html


def test_site_history_report_names_nobody_from_another_village(client, world, wagtail_site):
    """Wagtail's "Site history" lists every log entry of a model to anyone holding its
    permissions, across villages: the registry's entries name no one."""
    client.force_login(world.staff)
    response = client.post(
        reverse(f"{RESIDENTS}:edit", args=[world.bambang.pk]),
        resident_post_data(
            world,
            world.village_b,
            full_name="Bambang Sutrisno",
            status="active",
            kk_number=world.household_b.kk_number,
            relation="head",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    household = client.post(
        reverse(f"{HOUSEHOLDS}:edit", args=[world.household_b.pk]),
        {
            "kk_number": world.household_b.kk_number,
            "village": world.village_b.pk,
            "rt": "3",
            "rw": "4",
            "address": "",
            "head": world.bambang.pk,
        },
    )
    assert household.status_code == 302, household.context["form"].errors
    labels = set(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels == {f"Penduduk #{world.bambang.pk}", f"Kartu keluarga #{world.household_b.pk}"}

    operator = Client()  # a browser of its own: the staff's flash messages stay with theirs
    operator.force_login(world.operator_a)
    report = operator.get(reverse("wagtailadmin_reports:site_history"))
    assert report.status_code == 200
    html = report.content.decode()
    assert f"Penduduk #{world.bambang.pk}" in html  # the report does list them
    assert "Bambang" not in html
    assert world.bambang.nik_masked not in html
    assert world.household_b.kk_number not in html


def test_kk_numbers_are_not_sent_back_in_the_forms_and_blank_keeps_them(client, world):
    client.force_login(world.operator_a)
    household_url = reverse(f"{HOUSEHOLDS}:edit", args=[world.household_a.pk])
    html = client.get(household_url).content.decode()
    assert world.household_a.kk_number not in html and world.household_a.kk_masked in html
    kept = client.post(
        household_url,
        {"kk_number": "", "village": world.village_a.pk, "rt": "9", "rw": "9", "address": "",
         "head": world.agus.pk},
    )  # fmt: skip
    assert kept.status_code == 302, kept.context["form"].errors
    world.household_a.refresh_from_db()
    assert world.household_a.kk_number == "3510011203150001" and world.household_a.rt == "9"

    resident_url = reverse(f"{RESIDENTS}:edit", args=[world.sri.pk])
    html = client.get(resident_url).content.decode()
    assert world.household_a.kk_number not in html and world.household_a.kk_masked in html
    data = resident_post_data(
        world, world.village_a, full_name="Sri Wahyuni", birth_date="1987-07-21", gender="P",
        status="active", relation="spouse",
    )  # fmt: skip
    assert client.post(resident_url, {**data, "kk_number": ""}).status_code == 302
    world.sri.refresh_from_db()
    assert world.sri.household_id == world.household_a.pk, "blank keeps the KK"
    assert client.post(resident_url, {**data, "leave_household": "on"}).status_code == 302
    world.sri.refresh_from_db()
    assert world.sri.household_id is None


def test_household_export_masks_kk_numbers(client, world):
    client.force_login(world.operator_a)
    response = client.get(reverse(f"{HOUSEHOLDS}:index"), {"export": "csv"})
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [row["Nomor KK (disamarkan)"] for row in rows] == [world.household_a.kk_masked]
    assert world.household_a.kk_number not in content


def test_migration_makes_the_operator_and_staff_groups_and_undoes_them():
    migration = importlib.import_module("registry.migrations.0003_backoffice_groups")
    names = ["Operator desa", "Staf dinas"]
    Group.objects.filter(name__in=names).delete()
    migration.groups_create(django_apps, None)
    operator = set(Group.objects.get(name="Operator desa").permissions.values_list("codename"))
    assert operator == {
        ("access_admin",),
        ("add_resident",),
        ("change_resident",),
        ("view_resident",),
        ("add_household",),
        ("change_household",),
        ("view_household",),
    }
    staff = {c for (c,) in Group.objects.get(name="Staf dinas").permissions.values_list("codename")}
    assert {"access_admin", "access_all_villages", "view_full_nik", "delete_resident"} <= staff
    assert "view_nikaccesslog" in staff and "delete_nikaccesslog" not in staff
    migration.groups_delete(django_apps, None)
    assert not Group.objects.filter(name__in=names).exists()


def test_village_operator_assign_lets_the_user_into_the_admin(client, world):
    user = user_create("operator_baru")
    operator = village_operator_assign(user=user, villages=[world.village_b])
    assert list(operator.villages.all()) == [world.village_b]
    assert user.groups.filter(name="Operator desa").exists()
    client.force_login(user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    listing = client.get(reverse(f"{RESIDENTS}:index")).content.decode()
    assert "Bambang Sutrisno" in listing and "Agus Salim" not in listing
    # Assigning again replaces the villages.
    village_operator_assign(user=user, villages=[world.village_a])
    assert list(operator.villages.all()) == [world.village_a]


def test_edit_cannot_make_birth_date_or_gender_disagree_with_the_stored_nik(client, world):
    client.force_login(world.operator_a)
    before = snapshot()
    data = resident_post_data(
        world,
        world.village_a,
        full_name="Agus Salim",
        birth_date="1985-03-13",
        gender="P",
        status="active",
        kk_number=world.household_a.kk_number,
        relation="head",
    )
    response = client.post(reverse(f"{RESIDENTS}:edit", args=[world.agus.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["birth_date"] == ["Tanggal lahir tidak cocok dengan NIK."]
    assert errors["gender"] == ["Jenis kelamin tidak cocok dengan NIK."]
    assert "nik" not in errors
    assert NIK_AGUS not in response.content.decode()
    assert snapshot() == before


def test_csv_export_cells_do_not_run_as_formulas(client, world):
    world.sri.full_name = '=HYPERLINK("http://contoh.test","klik")'
    world.sri.save()
    client.force_login(world.operator_a)
    response = client.get(reverse(f"{RESIDENTS}:index"), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert '\'=HYPERLINK("http://contoh.test","klik")' in {row["Nama lengkap"] for row in rows}
