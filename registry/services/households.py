"""Writes about households (Kartu Keluarga)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from lokal import PROVINCES

from ..models import Household
from ..selectors import user_keeps_stored_and_new_village


def kk_number_check(value: str) -> str:
    """A KK number's 16 digits (spaces allowed when typed) with a known region.

    Raises ``ValidationError`` that never repeats the number.
    """
    digits = "".join(str(value or "").split())
    if len(digits) != 16 or not (digits.isascii() and digits.isdigit()):
        raise ValidationError(_("Nomor KK harus 16 digit angka."), code="format")
    if digits[:2] not in PROVINCES:
        raise ValidationError(_("Kode provinsi pada nomor KK tidak dikenal."), code="province")
    if digits[2:4] == "00" or digits[4:6] == "00":
        raise ValidationError(
            _("Kode kabupaten/kota atau kecamatan pada nomor KK tidak boleh 00."), code="wilayah"
        )
    return digits


@transaction.atomic
def household_save(*, household: Household, user=None) -> Household:
    """Validate and save a household.

    With ``user``, its village (and, when saved, its current one) must be the user's.
    The head, if any, must be a member of the household. Raises ``ValidationError``
    (messages per field) or ``PermissionDenied``.
    """
    if user is not None and not user_keeps_stored_and_new_village(user=user, instance=household):
        raise PermissionDenied(_("Anda tidak mengelola desa ini."))
    errors: dict[str, list[ValidationError]] = {}
    try:
        household.kk_number = kk_number_check(household.kk_number)
    except ValidationError as exc:
        errors["kk_number"] = exc.error_list
    head = household.head
    if head is not None and (household.pk is None or head.household_id != household.pk):
        errors["head"] = [
            ValidationError(_("Kepala keluarga harus anggota kartu keluarga ini."), code="head")
        ]
    if errors:
        raise ValidationError(errors)
    household.full_clean()
    household.save()
    return household
