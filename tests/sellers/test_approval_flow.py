"""The whole path from applying to selling: apply -> verified by the registry (or vouched
for by the village operator after adding the resident) -> approved by district staff, who
may instead reject with a reason. Everything through the pages people use."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from registry.models import Resident
from sellers.models import Seller, SellerApplication, SellerDocument
from tests.registry.factories import nik_for

from .applying import (
    World,
    in_a_year,
    pdf_bytes,
    private_files,
    private_root,  # noqa: F401
    upload,
    user_create,
)

pytestmark = pytest.mark.django_db

Notification = get_model("communication", "Notification")
Partner = get_model("partner", "Partner")

APPLY = reverse("sellers:apply")
STATUS = reverse("sellers:apply-status")
AGUS_BIRTH = dt.date(1985, 3, 12)
AGUS_NIK = nik_for(birth_date=AGUS_BIRTH, gender="L", serial=7)


def detail(application) -> str:
    return reverse("sellers_applications:detail", args=[application.pk])


@pytest.fixture
def world(wagtail_site) -> World:
    return World()


def apply(client, world, **overrides) -> SellerApplication:
    client.force_login(world.applicant)
    response = client.post(APPLY, world.form_data(**overrides))
    assert response.status_code == 302, response.context["form"].errors
    return SellerApplication.objects.get(
        user=world.applicant, status__in=["pending", "awaiting_operator"]
    )


def snapshot():
    return (
        list(SellerApplication.objects.order_by("pk").values()),
        list(Seller.objects.values()),
        Partner.objects.count(),
        SellerDocument.objects.count(),
        Notification.objects.count(),
    )


def test_apply_verify_approve_opens_the_shop(client, world, django_capture_on_commit_callbacks):
    data = {
        "pirt_number": "P-IRT 2063510010001-27",
        "pirt_expires_on": in_a_year(),
        "pirt_file": upload("pirt.pdf", pdf_bytes()),
    }
    application = apply(client, world, **data)
    assert application.status == SellerApplication.Status.PENDING

    # District staff find it among the open applications and approve it.
    client.force_login(world.staff)
    listing = client.get(reverse("sellers_applications:index"))
    assert listing.status_code == 200
    assert "Keripik Bu Siti" in listing.content.decode()
    page = client.get(detail(application))
    html = page.content.decode()
    assert page.status_code == 200
    assert application.nik_masked in html and "Setujui" in html
    assert "Cocok dengan registri desa" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail(application), {"action": "approve"}, follow=True)
    assert "Toko Keripik Bu Siti dibuka" in response.content.decode()

    application.refresh_from_db()
    assert application.status == SellerApplication.Status.APPROVED
    assert application.decided_by == world.staff
    seller = Seller.objects.get(user=world.applicant)
    assert seller.application == application and seller.is_active
    assert seller.village == world.village_a and seller.resident == world.siti
    assert seller.whatsapp == "+6281234567890"
    assert list(seller.partner.users.all()) == [world.applicant]
    assert seller.partner.name == "Keripik Bu Siti"
    assert [d.kind for d in seller.documents.all()] == ["pirt"]
    # Staff approved with the document in front of them: it counts from now on.
    assert [(d.status, d.reviewed_by) for d in seller.documents.all()] == [
        ("verified", world.staff)
    ]
    world.siti.refresh_from_db()
    assert world.siti.user == world.applicant

    # Told on the site and by email.
    note = Notification.objects.get(recipient=world.applicant)
    assert "disetujui" in note.subject
    assert [m.to for m in mail.outbox] == [[world.applicant.email]]
    assert "Keripik Bu Siti" in mail.outbox[0].subject

    # The new seller can open the dashboard, and the status page points there.
    client.force_login(world.applicant)
    assert client.get("/dashboard/").status_code == 200
    status = client.get(STATUS).content.decode()
    assert 'href="/dashboard/"' in status and seller.get_absolute_url() in status
    home = client.get("/").content.decode()
    assert f'href="{reverse("sellers:settings")}">Toko saya<' in home and "Buka toko" not in home
    assert client.get(APPLY)["Location"] == STATUS


def test_unknown_applicant_operator_adds_resident_vouches_staff_approve(
    client, world, django_capture_on_commit_callbacks
):
    application = apply(
        client,
        world,
        nik=AGUS_NIK,
        full_name="Agus Salim",
        birth_date=AGUS_BIRTH.isoformat(),
    )
    assert application.status == SellerApplication.Status.AWAITING_OPERATOR

    # Staff cannot approve before the operator vouches.
    client.force_login(world.staff)
    page = client.get(detail(application)).content.decode()
    assert "Belum dapat disetujui" in page
    refused = client.post(detail(application), {"action": "approve"}, follow=True)
    assert "Hanya pendaftaran yang menunggu persetujuan" in refused.content.decode()
    assert not Seller.objects.exists()

    client.force_login(world.operator_a)
    page = client.get(detail(application))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Jamin" in html and reverse("registry_residents:add") in html
    assert AGUS_NIK not in html and "Setujui" not in html

    # Vouching before the resident exists is refused and changes nothing.
    before = snapshot()
    early = client.post(detail(application), {"action": "vouch", "note": "Kenal"}, follow=True)
    assert "belum ada di registri desa" in early.content.decode()
    assert snapshot() == before

    # The operator checks the KTP against the application, without seeing its NIK.
    wrong = client.post(
        detail(application), {"action": "check_nik", "nik": "3510011203850008"}, follow=True
    )
    assert "berbeda" in wrong.content.decode()
    same = client.post(detail(application), {"action": "check_nik", "nik": AGUS_NIK}, follow=True)
    assert "sama dengan NIK di pendaftaran" in same.content.decode()
    assert AGUS_NIK not in same.content.decode()

    # The operator adds Agus to the registry from his KTP and KK ...
    added = client.post(
        reverse("registry_residents:add"),
        {
            "nik": AGUS_NIK,
            "full_name": "Agus Salim",
            "birth_place": "Banyuwangi",
            "birth_date": AGUS_BIRTH.isoformat(),
            "gender": "L",
            "village": str(world.village_a.pk),
            "rt": "001",
            "rw": "002",
            "address": "Dusun Krajan",
            "phone": "",
            "kk_number": "",
            "relation": "",
            "dtks_confirmed_on": "",
            "status": "active",
        },
    )
    assert added.status_code == 302, added.context["form"].errors
    agus = Resident.objects.get(full_name="Agus Salim")

    # ... and vouches, with a note.
    response = client.post(
        detail(application),
        {"action": "vouch", "note": "KTP dan KK sudah dicek di balai desa."},
        follow=True,
    )
    assert "dijamin dan diteruskan" in response.content.decode()
    application.refresh_from_db()
    assert application.status == SellerApplication.Status.PENDING
    assert application.resident == agus
    assert application.vouched_by == world.operator_a
    assert application.vouch_note == "KTP dan KK sudah dicek di balai desa."

    # The operator cannot approve; staff see the vouch and approve.
    assert client.post(detail(application), {"action": "approve"}).status_code == 403
    assert not Seller.objects.exists()
    client.force_login(world.staff)
    page = client.get(detail(application)).content.decode()
    assert "Dijamin oleh operator desa operator_a" in page
    assert "KTP dan KK sudah dicek di balai desa." in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail(application), {"action": "approve"})
    seller = Seller.objects.get(user=world.applicant)
    assert seller.resident == agus
    assert len(mail.outbox) == 1


def test_reject_with_reason_tells_the_user_who_may_apply_again(
    client, world, django_capture_on_commit_callbacks
):
    application = apply(client, world)
    client.force_login(world.staff)

    # Without a reason: refused, nothing changes.
    before = snapshot()
    response = client.post(detail(application), {"action": "reject", "reason": "  "})
    assert response.status_code == 200
    assert "Tuliskan alasannya" in response.content.decode()
    assert snapshot() == before

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail(application),
            {"action": "reject", "reason": "Foto produk belum ada; kirim ulang dengan foto."},
            follow=True,
        )
    assert "ditolak" in response.content.decode()
    application.refresh_from_db()
    assert application.status == SellerApplication.Status.REJECTED
    assert application.rejection_reason == "Foto produk belum ada; kirim ulang dengan foto."
    assert not Seller.objects.exists()

    # Told by email, on the site, and on the status page.
    assert len(mail.outbox) == 1
    assert "Foto produk belum ada" in mail.outbox[0].body
    assert Notification.objects.filter(recipient=world.applicant, subject__contains="ditolak")
    client.force_login(world.applicant)
    status = client.get(STATUS).content.decode()
    assert "Pendaftaran ditolak" in status and "Foto produk belum ada" in status
    assert f'href="{APPLY}"' in status

    # A decided application cannot be decided again.
    client.force_login(world.staff)
    again = client.post(detail(application), {"action": "approve"}, follow=True)
    assert "Hanya pendaftaran yang menunggu persetujuan" in again.content.decode()

    # The applicant applies again; the form recalls why the first was refused.
    client.force_login(world.applicant)
    form = client.get(APPLY)
    assert form.status_code == 200 and "Foto produk belum ada" in form.content.decode()
    second = apply(client, world, shop_name="Keripik Bu Siti Baru")
    assert second.pk != application.pk and second.status == SellerApplication.Status.PENDING


def test_non_staff_cannot_approve_or_reject(client, world):
    application = apply(client, world)
    before = snapshot()
    decisions = ({"action": "approve"}, {"action": "reject", "reason": "tidak"})
    # The operator of the village sees the application but may not decide it: 403.
    client.force_login(world.operator_a)
    for data in decisions:
        assert client.post(detail(application), data).status_code == 403, data
    # The applicant is not let into the back office at all.
    client.force_login(world.applicant)
    for data in decisions:
        response = client.post(detail(application), data)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert snapshot() == before


def test_operator_of_another_village_cannot_see_or_act(client, world):
    application = apply(
        client,
        world,
        shop_name="Keripik Bu Siti",
        pirt_number="P-1",
        pirt_expires_on=in_a_year(),
        pirt_file=upload("pirt.pdf", pdf_bytes()),
    )
    document = application.documents.get()
    before = snapshot()
    client.force_login(world.operator_b)
    listing = client.get(reverse("sellers_applications:index"), {"status": "all"})
    assert listing.status_code == 200
    assert "Keripik Bu Siti" not in listing.content.decode()
    document_url = reverse("sellers_applications:document", args=[application.pk, document.pk])
    for url in (detail(application), document_url):
        assert client.get(url).status_code == 404, url
    for data in (
        {"action": "vouch", "note": "x"},
        {"action": "check_nik", "nik": "3510014501900001"},
        {"action": "approve"},
        {"action": "reject", "reason": "x"},
    ):
        assert client.post(detail(application), data).status_code == 404, data
    assert snapshot() == before
    assert len(private_files()) == 1

    # The operator of the village may download it; staff too.
    for user in (world.operator_a, world.staff):
        client.force_login(user)
        response = client.get(document_url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf_bytes()
        assert response["Content-Disposition"].startswith("attachment")
        assert "no-store" in response["Cache-Control"]


def test_nik_already_linked_to_another_account_needs_the_operator(
    client, world, django_capture_on_commit_callbacks
):
    # Siti's registry record is linked to her own account; someone else who knows her NIK,
    # name and birth date (all on her KTP) applies in her name.
    world.siti.user = user_create("siti_asli")
    world.siti.save()
    application = apply(client, world)
    assert application.status == SellerApplication.Status.AWAITING_OPERATOR
    assert application.identity_check and application.resident is None
    status = client.get(STATUS).content.decode()
    assert "sudah dipakai oleh akun atau pendaftaran lain" in status
    assert "Rahmawati" not in status.replace("Siti Rahmawati", "")  # no registry data

    # Staff see why and cannot approve it before the operator has seen the KTP.
    client.force_login(world.staff)
    page = client.get(detail(application)).content.decode()
    assert "NIK ini sudah terhubung dengan akun lain." in page
    refused = client.post(detail(application), {"action": "approve"}, follow=True)
    assert "Hanya pendaftaran yang menunggu persetujuan" in refused.content.decode()
    assert not Seller.objects.exists()

    # The operator checks the KTP in person and vouches; then staff may approve.
    client.force_login(world.operator_a)
    page = client.get(detail(application)).content.decode()
    assert "NIK ini sudah terhubung dengan akun lain." in page
    assert reverse("registry_residents:add") not in page  # the resident exists already
    client.post(detail(application), {"action": "vouch", "note": "KTP dicek, orangnya sama."})
    application.refresh_from_db()
    assert application.status == SellerApplication.Status.PENDING
    assert application.resident == world.siti
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail(application), {"action": "approve"})
    assert Seller.objects.get().user == world.applicant
    world.siti.refresh_from_db()
    assert world.siti.user.username == "siti_asli"  # her own account stays linked


def test_one_shop_per_resident(client, world, django_capture_on_commit_callbacks):
    first = apply(client, world)
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail(first), {"action": "approve"})
    assert Seller.objects.count() == 1

    # A second account applies with Siti's data: it waits for the operator, who is told
    # that she already has a shop and cannot vouch; staff cannot approve it either.
    other = user_create("siti_lagi")
    client.force_login(other)
    response = client.post(APPLY, world.form_data(shop_name="Keripik Kedua"))
    assert response.status_code == 302
    second = SellerApplication.objects.get(user=other)
    assert second.status == SellerApplication.Status.AWAITING_OPERATOR and second.identity_check

    client.force_login(world.operator_a)
    page = client.get(detail(second)).content.decode()
    assert "sudah memiliki toko: Keripik Bu Siti" in page
    before = snapshot()
    vouched = client.post(detail(second), {"action": "vouch", "note": "x"}, follow=True)
    assert "satu penduduk hanya dapat membuka satu toko" in vouched.content.decode()
    assert snapshot() == before

    # Even if it got through to staff, approval refuses a second shop for the resident.
    SellerApplication.objects.filter(pk=second.pk).update(
        status=SellerApplication.Status.PENDING, resident=world.siti, vouched_by=world.operator_a
    )
    client.force_login(world.staff)
    refused = client.post(detail(second), {"action": "approve"}, follow=True)
    assert "satu penduduk hanya dapat membuka satu toko" in refused.content.decode()
    assert Seller.objects.count() == 1


def test_two_open_applications_with_one_nik_both_need_the_operator(client, world):
    first = apply(client, world)
    assert first.status == SellerApplication.Status.PENDING
    other = user_create("peniru")
    client.force_login(other)
    client.post(APPLY, world.form_data(shop_name="Toko Peniru"))
    second = SellerApplication.objects.get(user=other)
    assert second.status == SellerApplication.Status.AWAITING_OPERATOR

    # The first, though verified, is now not approved without the operator's vouch.
    client.force_login(world.staff)
    page = client.get(detail(first)).content.decode()
    assert "Ada pendaftaran lain dengan NIK ini yang masih diproses." in page
    refused = client.post(detail(first), {"action": "approve"}, follow=True)
    assert "memeriksa KTP pemohon dan menjamin" in refused.content.decode()
    assert not Seller.objects.exists()


def test_notifications_are_written_in_indonesian_whatever_staff_read(
    client, world, django_capture_on_commit_callbacks
):
    application = apply(client, world)
    client.force_login(world.staff)
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail(application), {"action": "approve"}, HTTP_ACCEPT_LANGUAGE="en")
    note = Notification.objects.get(recipient=world.applicant)
    assert "disetujui" in note.subject
    assert "disetujui" in mail.outbox[0].subject
