"""NIK structure checks, masking, the blind index and encryption."""

import datetime as dt

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ValidationError

from registry.nik import (
    nik_blind_index,
    nik_decrypt,
    nik_encrypt,
    nik_mask,
    nik_parse,
    nik_reencrypt,
)

MAN = "3510011203850007"  # Pesanggaran, 12 March 1985, man, serial 0007
WOMAN = "3510015203850008"  # the same day + 40: a woman


def codes(excinfo):
    return sorted(e.code for e in excinfo.value.error_list)


def test_a_valid_nik_gives_its_birth_date_gender_and_district():
    nik = nik_parse(MAN, birth_date=dt.date(1985, 3, 12), gender="L")
    assert (nik.birth_date, nik.gender, nik.district_code) == (
        dt.date(1985, 3, 12),
        "L",
        "35.10.01",
    )
    assert nik_parse(WOMAN, birth_date=dt.date(1985, 3, 12), gender="P").gender == "P"
    assert nik_parse("3510 0112 0385 0007").number == MAN


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("351001120385000", ["format"]),  # 15 digits
        ("35100112038500071", ["format"]),  # 17 digits
        ("35100112038500AB", ["format"]),
        ("", ["format"]),
        ("9910011203850007", ["province"]),  # unknown province
        ("3500001203850007", ["wilayah"]),  # regency 00
        ("3510013102850007", ["birth_date"]),  # 31 February
        ("3510017203850007", ["birth_date"]),  # day 32 for a woman
        ("3510011203850000", ["serial"]),
    ],
)
def test_structure_errors(value, expected):
    with pytest.raises(ValidationError) as excinfo:
        nik_parse(value)
    assert codes(excinfo) == expected
    assert all(value not in str(m) for m in excinfo.value.messages if value)


def test_birth_date_and_gender_must_agree_with_the_nik():
    with pytest.raises(ValidationError) as excinfo:
        nik_parse(MAN, birth_date=dt.date(1985, 3, 13), gender="P")
    assert codes(excinfo) == ["birth_date_mismatch", "gender_mismatch"]
    # The NIK holds two digits of the year: 2085 would be the same digits, 1986 is not.
    with pytest.raises(ValidationError):
        nik_parse(MAN, birth_date=dt.date(1986, 3, 12))


def test_mask_keeps_region_and_serial_only():
    assert nik_mask(MAN) == "3510********0007"
    assert nik_mask("bukan nik") == "*" * 16


def test_encryption_round_trip_and_rotation(settings):
    token = nik_encrypt(MAN)
    assert MAN not in token and nik_decrypt(token) == MAN
    assert nik_encrypt(MAN) != token, "each encryption is salted"

    old_key = settings.REGISTRY_NIK_KEYS[0]
    settings.REGISTRY_NIK_KEYS = [Fernet.generate_key().decode(), old_key]
    rotated = nik_reencrypt(token)
    assert nik_decrypt(rotated) == MAN
    settings.REGISTRY_NIK_KEYS = settings.REGISTRY_NIK_KEYS[:1]
    assert nik_decrypt(rotated) == MAN
    with pytest.raises(InvalidToken):
        nik_decrypt(token)


def test_blind_index_is_keyed(settings):
    index = nik_blind_index(MAN)
    assert index == nik_blind_index(MAN) and MAN not in index
    settings.REGISTRY_NIK_INDEX_KEY = "another-key"
    assert nik_blind_index(MAN) != index
