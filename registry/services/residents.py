"""Writes about residents: saving with a protected NIK, revealing it with a log row,
verifying an applicant against the registry, and linking a user account."""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AccountLinkAttempt, NikAccessLog, Resident, Village
from ..nik import nik_blind_index, nik_decrypt, nik_encrypt, nik_mask, nik_parse
from ..selectors import resident_by_nik, residents_for, user_keeps_stored_and_new_village

LINK_MAX_FAILURES = 5
LINK_WINDOW = dt.timedelta(hours=1)


def resident_set_nik(*, resident: Resident, nik: str) -> None:
    """Put a (validated) NIK on an unsaved or changed resident: encrypted, indexed, masked."""
    resident.nik_encrypted = nik_encrypt(nik)
    resident.nik_index = nik_blind_index(nik)
    resident.nik_masked = nik_mask(nik)


@transaction.atomic
def resident_save(*, resident: Resident, nik: str | None = None, user=None) -> Resident:
    """Validate and save a resident; ``nik`` is required for a new one.

    With ``user``, the resident's village must be one the user may edit. Raises
    ``ValidationError`` (messages per field, never repeating the NIK) or ``PermissionDenied``.
    """
    if user is not None and not user_keeps_stored_and_new_village(user=user, instance=resident):
        raise PermissionDenied(_("Anda tidak mengelola desa ini."))
    if nik is None and not resident.nik_index:
        raise ValidationError({"nik": _("NIK wajib diisi.")})
    if nik is None:
        # The stored NIK must still agree with an edited birth date and gender.
        try:
            nik_parse(
                nik_decrypt(resident.nik_encrypted),
                birth_date=resident.birth_date,
                gender=resident.gender,
            )
        except ValidationError as exc:
            field_of = {"birth_date_mismatch": "birth_date", "gender_mismatch": "gender"}
            raise ValidationError(
                {field_of.get(e.code or "", "nik"): [e] for e in exc.error_list}
            ) from None
    else:
        try:
            parsed = nik_parse(nik, birth_date=resident.birth_date, gender=resident.gender)
        except ValidationError as exc:
            raise ValidationError({"nik": exc.error_list}) from None
        index = nik_blind_index(parsed.number)
        if Resident.objects.filter(nik_index=index).exclude(pk=resident.pk).exists():
            raise ValidationError({"nik": _("NIK ini sudah terdaftar untuk penduduk lain.")})
        resident_set_nik(resident=resident, nik=parsed.number)
    resident.full_clean(exclude=["nik_encrypted", "nik_index", "nik_masked"])
    resident.save()
    return resident


def resident_nik_reveal(*, resident: Resident, user, purpose: str) -> str:
    """The full NIK, for a user allowed to see it, with a purpose; writes an access-log row.

    Raises ``PermissionDenied`` when the user may not see full NIKs or this resident,
    ``ValidationError`` when no purpose is given.
    """
    if not user.has_perm("registry.view_full_nik"):
        raise PermissionDenied(_("Anda tidak berhak melihat NIK lengkap."))
    if not residents_for(user=user).filter(pk=resident.pk).exists():
        raise PermissionDenied(_("Anda tidak mengelola desa penduduk ini."))
    purpose = " ".join((purpose or "").split())
    if not purpose:
        raise ValidationError({"purpose": _("Tuliskan keperluan melihat NIK lengkap.")})
    NikAccessLog.objects.create(
        user=user, resident=resident, action=NikAccessLog.Action.VIEW, purpose=purpose[:255]
    )
    return nik_decrypt(resident.nik_encrypted)


def residents_export_log(*, residents, user, purpose: str) -> int:
    """Write one access-log row per exported resident; return how many."""
    rows = [
        NikAccessLog(
            user=user, resident=r, action=NikAccessLog.Action.EXPORT, purpose=purpose[:255]
        )
        for r in residents
    ]
    NikAccessLog.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


class Verification(enum.Enum):
    VERIFIED = "verified"
    NOT_FOUND = "not_found"
    MISMATCH = "mismatch"


@dataclass(frozen=True)
class VerificationResult:
    status: Verification
    #: The fields the caller supplied that do not match: "full_name", "birth_date", "village".
    mismatched: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return self.status is Verification.VERIFIED


_NOT_WORD = re.compile(r"[^\w]+")


def name_normalize(name: str) -> str:
    """Case, accents, spacing and punctuation do not count.

    "Siti  Rahma-wati" and "SITI RAHMAWATI" normalise to the same "siti rahmawati".
    """
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(_NOT_WORD.sub(" ", text.replace("-", "").replace("'", "")).split())


def resident_verify(
    *, nik: str, full_name: str, birth_date: dt.date, village: Village | None
) -> VerificationResult:
    """Check an applicant against the registry: verified, not found, or which of the
    supplied fields do not match. Only active residents verify. Reveals nothing the caller
    did not supply (not the registered name, date or village)."""
    resident = resident_by_nik(
        nik=nik, residents=Resident.objects.filter(status=Resident.Status.ACTIVE)
    )
    if resident is None:
        return VerificationResult(Verification.NOT_FOUND)
    mismatched = []
    if name_normalize(full_name) != name_normalize(resident.full_name):
        mismatched.append("full_name")
    if birth_date != resident.birth_date:
        mismatched.append("birth_date")
    if village is not None and village.pk != resident.village_id:
        mismatched.append("village")
    if mismatched:
        return VerificationResult(Verification.MISMATCH, mismatched)
    return VerificationResult(Verification.VERIFIED)


class AccountLinkError(Exception):
    """The account could not be linked; the message is safe to show."""


def account_link(*, user, nik: str, full_name: str, birth_date: dt.date) -> Resident:
    """Link ``user`` to their resident record when NIK, name and birth date all match.

    At most ``LINK_MAX_FAILURES`` failed attempts per account per ``LINK_WINDOW``. The
    error never says which field was wrong, so the form cannot probe the registry.
    Raises ``AccountLinkError``.
    """
    since = timezone.now() - LINK_WINDOW
    with transaction.atomic():
        # Serialise one user's attempts so parallel requests cannot exceed the limit.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        failures = AccountLinkAttempt.objects.filter(
            user=user, succeeded=False, at__gte=since
        ).count()
        if failures >= LINK_MAX_FAILURES:
            raise AccountLinkError(
                _(
                    "Terlalu banyak percobaan gagal. Coba lagi dalam satu jam atau hubungi "
                    "operator desa Anda."
                )
            )
        result = resident_verify(nik=nik, full_name=full_name, birth_date=birth_date, village=None)
        resident = resident_by_nik(nik=nik) if result.verified else None
        taken = resident is not None and resident.user_id not in (None, user.pk)
        linked_elsewhere = (
            resident is not None
            and Resident.objects.filter(user=user).exclude(pk=resident.pk).exists()
        )
        if resident is not None and not taken and not linked_elsewhere:
            resident.user = user
            resident.save(update_fields=["user", "updated_at"])
            AccountLinkAttempt.objects.create(user=user, succeeded=True)
            return resident
        # Recorded before raising, so that the failure is committed and counts.
        AccountLinkAttempt.objects.create(user=user, succeeded=False)
    raise AccountLinkError(
        _(
            "Data tidak cocok dengan registri desa. Periksa NIK, nama lengkap dan tanggal "
            "lahir sesuai KTP, atau hubungi operator desa Anda."
        )
    )
