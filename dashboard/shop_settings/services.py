"""Writes for the seller's shop settings: how buyers pay them and how goods reach buyers.

Both run in one transaction with the seller's row locked, so a suspension that lands at
the same moment is seen, and a refused save writes nothing at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from payments.models import SellerPayment
from payments.qris import qris_read
from sellers.models import Seller
from shipping.methods import Zone
from shipping.models import MAX_FEE, CourierRate, SellerShipping

_ACCOUNT = re.compile(r"[0-9]{5,20}")


@dataclass(frozen=True)
class PaymentInput:
    #: ``None`` keeps the stored QRIS, ``""`` removes it, anything else replaces it.
    qris_payload: str | None
    bank_name: str
    bank_account: str
    bank_holder: str
    cash_on_pickup: bool
    cash_on_delivery: bool


@dataclass(frozen=True)
class ShippingInput:
    pickup_at_seller: bool
    pickup_address: str
    pickup_hours: str
    pickup_at_hall: bool
    courier: bool
    own_rates: bool


@dataclass(frozen=True)
class RateInput:
    base_fee: int
    per_kg: int
    available: bool


def _seller_locked(seller: Seller) -> Seller:
    """The seller's row, locked; ``PermissionDenied`` when the shop is suspended."""
    locked = Seller.objects.select_for_update().get(pk=seller.pk)
    if not locked.is_active:
        raise PermissionDenied(_("Toko Anda ditangguhkan: pengaturan toko tidak dapat diubah."))
    return locked


def _raise(errors: dict[str, list[ValidationError]]) -> None:
    if errors:
        raise ValidationError(errors)


def seller_payment_save(*, seller: Seller, data: PaymentInput) -> SellerPayment:
    """Store how ``seller`` is paid: their static QRIS (payload and merchant name), bank
    account and whether they take cash at pickup or on delivery.

    Raises ``PermissionDenied`` when the shop is suspended, and ``ValidationError`` by field
    when the QRIS is not a valid static QRIS (``qris_payload``), the bank account is given
    only in part or its number is not 5 to 20 digits (``bank_*``), or no way to pay would
    be left (non-field). Nothing is written when it raises.
    """
    errors: dict[str, list[ValidationError]] = {}
    bank = {
        "bank_name": data.bank_name.strip(),
        "bank_account": data.bank_account.strip(),
        "bank_holder": data.bank_holder.strip(),
    }
    if any(bank.values()) and not all(bank.values()):
        message = _(
            "Lengkapi rekening bank: isi nama bank, nomor rekening dan nama pemilik "
            "rekening, atau kosongkan ketiganya."
        )
        for name, value in bank.items():
            if not value:
                errors[name] = [ValidationError(message, code="bank_incomplete")]
    if bank["bank_account"] and not _ACCOUNT.fullmatch(bank["bank_account"]):
        errors["bank_account"] = [
            ValidationError(
                _("Nomor rekening hanya berisi angka, 5 sampai 20 digit."), code="bank_account"
            )
        ]
    info = None
    if data.qris_payload:
        try:
            info = qris_read(data.qris_payload)
        except ValidationError as exc:
            errors["qris_payload"] = exc.error_list
    _raise(errors)

    with transaction.atomic():
        seller = _seller_locked(seller)
        payment, _created = SellerPayment.objects.select_for_update().get_or_create(seller=seller)
        if info is not None:
            payment.qris_payload = info.input
            payment.qris_merchant = (info.merchant_name or "")[:64]
        elif data.qris_payload == "":
            payment.qris_payload = ""
            payment.qris_merchant = ""
        payment.bank_name = bank["bank_name"]
        payment.bank_account = bank["bank_account"]
        payment.bank_holder = bank["bank_holder"]
        payment.cash_on_pickup = data.cash_on_pickup
        payment.cash_on_delivery = data.cash_on_delivery
        if not (payment.has_qris or payment.has_bank or payment.cash_on_pickup
                or payment.cash_on_delivery):  # fmt: skip
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _(
                        "Pilih setidaknya satu cara pembayaran: QRIS, transfer bank atau tunai. "
                        "Tanpa itu pembeli tidak bisa membayar."
                    )
                },
                code="no_payment_method",
            )
        payment.save()
    return payment


def _rates_check(rates: Mapping[str, RateInput] | None, *, courier: bool) -> list[ValidationError]:
    if rates is None or set(rates) != set(Zone.values):
        return [ValidationError(_("Isi tarif untuk kelima zona."), code="rates_incomplete")]
    errors = []
    for zone in Zone.values:
        rate = rates[zone]
        for amount in (rate.base_fee, rate.per_kg):
            if (
                isinstance(amount, bool)
                or not isinstance(amount, int)
                or not 0 <= amount <= MAX_FEE
            ):
                errors.append(
                    ValidationError(
                        _("Tarif %(zone)s: isi angka Rupiah bulat dari 0 sampai 10.000.000.")
                        % {"zone": Zone(zone).label},
                        code="rate_invalid",
                    )
                )
                break
    if not errors and courier and not any(rate.available for rate in rates.values()):
        errors.append(
            ValidationError(
                _("Tandai setidaknya satu zona yang dilayani kurir, atau matikan kurir lokal."),
                code="rates_none_available",
            )
        )
    return errors


def seller_shipping_save(
    *, seller: Seller, data: ShippingInput, rates: Mapping[str, RateInput] | None = None
) -> SellerShipping:
    """Store how goods of ``seller`` reach buyers and, with ``own_rates``, the seller's own
    courier rate for each of the five zones (``rates``: zone → ``RateInput``; ignored, and
    the seller's earlier table kept, without ``own_rates``).

    Raises ``PermissionDenied`` when the shop is suspended, and ``ValidationError`` when
    pickup at the seller has no address (``pickup_address``), no way to hand goods over is
    left (non-field), or the rates are missing a zone, out of 0 to 10,000,000 Rupiah, or
    serve no zone while the courier is on (``rates``). Settings and rates are written in
    one transaction: all of them, or nothing.
    """
    errors: dict[str, list[ValidationError]] = {}
    address = data.pickup_address.strip()
    if data.pickup_at_seller and not address:
        errors["pickup_address"] = [
            ValidationError(
                _("Isi alamat pengambilan: pembeli perlu tahu ke mana mengambil pesanan."),
                code="pickup_address_required",
            )
        ]
    if not (data.pickup_at_seller or data.pickup_at_hall or data.courier):
        errors[NON_FIELD_ERRORS] = [
            ValidationError(
                _(
                    "Pilih setidaknya satu cara pesanan sampai ke pembeli: diambil di tempat "
                    "Anda, di balai desa, atau dikirim kurir lokal."
                ),
                code="no_fulfilment",
            )
        ]
    if data.own_rates:
        rate_errors = _rates_check(rates, courier=data.courier)
        if rate_errors:
            errors["rates"] = rate_errors
    _raise(errors)

    with transaction.atomic():
        seller = _seller_locked(seller)
        shipping, _created = SellerShipping.objects.select_for_update().get_or_create(seller=seller)
        shipping.pickup_at_seller = data.pickup_at_seller
        shipping.pickup_address = address
        shipping.pickup_hours = data.pickup_hours.strip()
        shipping.pickup_at_hall = data.pickup_at_hall
        shipping.courier = data.courier
        shipping.own_rates = data.own_rates
        shipping.save()
        if data.own_rates and rates is not None:
            for zone in Zone.values:
                rate = rates[zone]
                CourierRate.objects.update_or_create(
                    seller=seller,
                    zone=zone,
                    defaults={
                        "base_fee": rate.base_fee,
                        "per_kg": rate.per_kg,
                        "available": rate.available,
                    },
                )
    return shipping
