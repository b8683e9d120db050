"""resident_verify answers without revealing the registry; linking an account is rate limited."""

import datetime as dt
import logging

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from registry.models import AccountLinkAttempt, Resident
from registry.services import Verification, resident_verify
from tests.registry.factories import resident_create, villages

pytestmark = pytest.mark.django_db

NIK = "3510014501900001"  # 5 January 1990, a woman, Pesanggaran


@pytest.fixture
def siti():
    return resident_create(village=villages()[0], full_name="Siti Rahmawati", nik=NIK)


def test_verified_despite_case_spacing_and_punctuation(siti):
    result = resident_verify(
        nik="3510 0145 0190 0001",
        full_name="  SITI   rahma-wati. ",
        birth_date=dt.date(1990, 1, 5),
        village=siti.village,
    )
    assert result.status is Verification.VERIFIED


def test_mismatch_names_only_the_fields_and_reveals_nothing(siti):
    other_village = villages()[1]
    result = resident_verify(
        nik=NIK, full_name="Siti Aminah", birth_date=dt.date(1990, 1, 6), village=other_village
    )
    assert result.status is Verification.MISMATCH
    assert result.mismatched == ["full_name", "birth_date", "village"]
    assert "Rahmawati" not in repr(result) and "1990" not in repr(result)


def test_unknown_or_inactive_residents_are_not_found(siti):
    assert (
        resident_verify(
            nik="3510014501900002",
            full_name="Siti Rahmawati",
            birth_date=dt.date(1990, 1, 5),
            village=None,
        ).status
        is Verification.NOT_FOUND
    )
    siti.status = Resident.Status.DECEASED
    siti.save()
    assert (
        resident_verify(
            nik=NIK, full_name="Siti Rahmawati", birth_date=dt.date(1990, 1, 5), village=None
        ).status
        is Verification.NOT_FOUND
    )


def test_one_resident_per_nik(siti):
    with pytest.raises(ValidationError) as excinfo:
        resident_create(village=siti.village, full_name="Orang Lain", nik=NIK)
    assert "nik" in excinfo.value.message_dict
    assert NIK not in str(excinfo.value)


@pytest.fixture
def user():
    return get_user_model().objects.create_user(
        username="siti", email="siti@example.test", password="rahasia-123"
    )


def test_link_my_account(client, user, siti):
    client.force_login(user)
    page = client.get("/accounts/resident/")
    assert page.status_code == 200 and "Hubungkan akun" in page.content.decode()
    response = client.post(
        "/accounts/resident/",
        {"nik": NIK, "full_name": "siti rahmawati", "birth_date": "1990-01-05"},
        follow=True,
    )
    html = response.content.decode()
    assert "3510********0001" in html and NIK not in html
    siti.refresh_from_db()
    assert siti.user == user


def test_linking_is_limited_to_five_failures_an_hour(client, user, siti):
    client.force_login(user)
    wrong = {"nik": NIK, "full_name": "Siti Rahmawati", "birth_date": "1990-01-06"}
    for _ in range(5):
        html = client.post("/accounts/resident/", wrong).content.decode()
        assert "Data tidak cocok" in html
        assert NIK not in html, "the NIK is not echoed back into the page"
    right = {"nik": NIK, "full_name": "Siti Rahmawati", "birth_date": "1990-01-05"}
    html = client.post("/accounts/resident/", right).content.decode()
    assert "Terlalu banyak percobaan" in html
    siti.refresh_from_db()
    assert siti.user is None
    # An hour later the account may try again.
    AccountLinkAttempt.objects.update(at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    client.post("/accounts/resident/", right)
    siti.refresh_from_db()
    assert siti.user == user


def test_linking_needs_login(client):
    response = client.get("/accounts/resident/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_log_lines_mask_the_nik():
    handler = next(h for h in logging.getLogger().handlers if h.filters)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "penduduk %s", (NIK,), None)
    assert handler.filter(record)
    assert NIK not in record.getMessage() and "3510" in record.getMessage()
