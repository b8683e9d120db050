"""Applying to open a shop at /shops/apply/: checked against the registry, the NIK never
sent back, the outcomes (waiting for staff, for the village operator, or fields to check),
the rate limit, and the status page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from registry.nik import nik_decrypt
from sellers.models import ApplicationAttempt, SellerApplication
from sellers.services import VERIFY_MAX_FAILURES
from tests.registry.factories import nik_for

from .applying import SITI_NIK, World

pytestmark = pytest.mark.django_db

APPLY = reverse("sellers:apply")
STATUS = reverse("sellers:apply-status")


@pytest.fixture
def world(wagtail_site) -> World:
    return World()


@pytest.fixture
def siti_client(client, world):
    client.force_login(world.applicant)
    return client


def test_anonymous_visitors_are_asked_to_log_in(client, world):
    for url in (APPLY, STATUS):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("customer:login"))
    response = client.post(APPLY, world.form_data())
    assert response.status_code == 302
    assert not SellerApplication.objects.exists()


def test_the_account_menu_offers_to_open_a_shop(siti_client):
    html = siti_client.get("/").content.decode()
    assert f'href="{APPLY}"' in html and "Buka toko" in html


def test_verified_applicant_waits_for_approval(siti_client, world):
    response = siti_client.post(APPLY, world.form_data(), follow=True)
    assert response.redirect_chain[-1][0] == STATUS
    html = response.content.decode()
    assert "Menunggu persetujuan" in html
    assert "Keripik Bu Siti" in html

    application = SellerApplication.objects.get(user=world.applicant)
    assert application.status == SellerApplication.Status.PENDING
    assert application.resident == world.siti
    assert application.verified_at is not None
    assert application.whatsapp == "+6281234567890"
    assert nik_decrypt(application.nik_encrypted) == SITI_NIK
    assert SITI_NIK not in html and application.nik_masked in html

    # An open application sends the applicant to its status instead of a second form.
    again = siti_client.get(APPLY)
    assert again.status_code == 302 and again["Location"] == STATUS


def test_mismatch_names_the_fields_saves_nothing_and_never_echoes_the_nik(siti_client, world):
    data = world.form_data(full_name="Siti Rahma", birth_date="1990-01-05")
    data["village"] = str(world.village_b.pk)
    response = siti_client.post(APPLY, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"full_name", "village", "__all__"}
    assert "birth_date" not in form.errors
    message = " ".join(form.non_field_errors())
    assert "nama lengkap" in message and "desa/kelurahan" in message
    html = response.content.decode()
    # The registry's values are never shown: not the registered name, not its village.
    assert "Rahmawati" not in html
    assert SITI_NIK not in html
    assert 'name="nik"' in html and f'value="{SITI_NIK}"' not in html
    # What the applicant typed (but the NIK) is kept, the date as the date picker wants it.
    assert 'value="1990-01-05"' in html and 'value="Siti Rahma"' in html
    assert not SellerApplication.objects.exists()
    assert ApplicationAttempt.objects.filter(user=world.applicant, succeeded=False).count() == 1


def test_unknown_applicant_is_sent_to_the_village_operator(siti_client, world):
    nik = nik_for(birth_date=dt.date(1985, 3, 12), gender="L", serial=7)
    data = world.form_data(
        nik=nik, full_name="Agus Salim", birth_date="1985-03-12", village=str(world.village_b.pk)
    )
    response = siti_client.post(APPLY, data, follow=True)
    html = response.content.decode()
    assert "Menunggu operator desa" in html
    assert "KTP" in html and "Kartu Keluarga" in html and "balai desa" in html
    assert str(world.village_b) in html
    application = SellerApplication.objects.get(user=world.applicant)
    assert application.status == SellerApplication.Status.AWAITING_OPERATOR
    assert application.resident is None and application.verified_at is None


def test_form_checks_nik_birth_date_whatsapp_and_nib(siti_client, world):
    cases = [
        ({"nik": "12345"}, "nik", "NIK harus 16 digit angka."),
        ({"birth_date": "1990-01-06"}, "birth_date", "Tanggal lahir tidak cocok dengan NIK."),
        ({"whatsapp": "0333 424242"}, "whatsapp", "bukan nomor telepon rumah"),
        ({"whatsapp": "0812345"}, "whatsapp", "10–13 digit"),
        ({"whatsapp": "+65 9123 4567"}, "whatsapp", "tidak dikenali"),
        ({"nib": "12345"}, "nib", "NIB harus 13 digit angka."),
    ]
    for overrides, field, message in cases:
        response = siti_client.post(APPLY, world.form_data(**overrides))
        assert response.status_code == 200, overrides
        errors = response.context["form"].errors
        assert field in errors, (overrides, errors)
        assert any(message in e for e in errors[field]), (overrides, errors[field])
        assert f'value="{SITI_NIK}"' not in response.content.decode()
    assert not SellerApplication.objects.exists()
    # Refused by the form, these never reached the registry: no attempt is counted.
    assert not ApplicationAttempt.objects.exists()


def test_mismatches_are_rate_limited(siti_client, world):
    wrong = world.form_data(full_name="Orang Lain")
    for _ in range(VERIFY_MAX_FAILURES):
        response = siti_client.post(APPLY, wrong)
        assert "Data tidak cocok" in " ".join(response.context["form"].non_field_errors())
    # Now even the right data is refused for a while, with a clear message and no 500.
    response = siti_client.post(APPLY, world.form_data())
    assert response.status_code == 200
    assert "Terlalu banyak percobaan" in " ".join(response.context["form"].non_field_errors())
    assert not SellerApplication.objects.exists()


def test_district_step_narrows_the_village_list(siti_client, world):
    everything = siti_client.get(APPLY)
    html = everything.content.decode()
    assert "<optgroup" in html and world.village_a.name in html and world.village_b.name in html

    picked = siti_client.get(APPLY, {"kecamatan": world.village_a.district.code})
    offered = set(picked.context["form"].fields["village"].queryset)
    assert world.village_a in offered and world.village_b in offered
    assert all(v.district_id == world.village_a.district_id for v in offered)
    assert f'action="{APPLY}?kecamatan={world.village_a.district.code}"' in (
        picked.content.decode()
    )
    # A district code that is not offered is ignored rather than an error.
    odd = siti_client.get(APPLY, {"kecamatan": "99.99.99"})
    assert odd.status_code == 200
    assert set(odd.context["form"].fields["village"].queryset) >= {world.village_a}


def test_status_page_without_an_application_leads_to_the_form(siti_client):
    response = siti_client.get(STATUS)
    assert response.status_code == 302 and response["Location"] == APPLY


def test_mismatch_names_the_fields_in_english_for_english_readers(siti_client, world):
    siti_client.cookies["django_language"] = "en"
    response = siti_client.post(APPLY, world.form_data(full_name="Siti Rahma"))
    message = " ".join(response.context["form"].non_field_errors())
    assert "full name" in message and "nama lengkap" not in message


def test_mismatches_are_rate_limited_per_nik_across_accounts(client, world):
    """Fresh accounts are cheap: one resident's NIK is protected whichever account guesses."""
    from .applying import user_create

    wrong = world.form_data(full_name="Orang Lain")
    for n in range(VERIFY_MAX_FAILURES):
        client.force_login(user_create(f"penebak{n}"))
        response = client.post(APPLY, wrong)
        assert "Data tidak cocok" in " ".join(response.context["form"].non_field_errors())
    client.force_login(user_create("penebak-baru"))
    response = client.post(APPLY, world.form_data())
    assert "Terlalu banyak percobaan" in " ".join(response.context["form"].non_field_errors())
    assert not SellerApplication.objects.exists()
    # Other residents' NIKs are not affected.
    agus = nik_for(birth_date=dt.date(1985, 3, 12), gender="L", serial=7)
    other = world.form_data(nik=agus, full_name="Agus Salim", birth_date="1985-03-12")
    assert client.post(APPLY, other).status_code == 302


def test_old_attempts_are_pruned_daily(siti_client, world):
    """Attempts hold a NIK's blind index: once the rate limit no longer counts them, the
    daily beat task deletes them."""
    from datetime import timedelta

    from django.utils import timezone

    from marketplace.celery import app
    from sellers.tasks import application_attempts_prune

    siti_client.post(APPLY, world.form_data(full_name="Orang Lain"))
    ApplicationAttempt.objects.create(user=world.applicant, nik_index="x", succeeded=False)
    ApplicationAttempt.objects.filter(nik_index="x").update(at=timezone.now() - timedelta(hours=2))

    assert application_attempts_prune.delay().get() == 1
    assert ApplicationAttempt.objects.count() == 1  # this hour's attempt still counts
    entry = app.conf.beat_schedule["sellers-application-attempts-prune"]
    assert entry["task"] == application_attempts_prune.name
