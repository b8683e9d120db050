"""Per-seller shipping: which methods a seller offers and the local courier's rates by zone.

The district's default rate table is the rows without a seller; a seller who sets their
own rates has rows of their own for every zone. Rupiah are whole numbers.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .methods import Zone

#: A courier fee above this is a typing error, not a price.
MAX_FEE = 10_000_000


class SellerShipping(models.Model):
    """A seller's shipping settings (shop settings → shipping)."""

    seller = models.OneToOneField(
        "sellers.Seller",
        on_delete=models.CASCADE,
        related_name="shipping",
        verbose_name=_("penjual"),
    )
    pickup_at_seller = models.BooleanField(_("bisa diambil di tempat penjual"), default=True)
    pickup_address = models.TextField(
        _("alamat pengambilan"),
        blank=True,
        help_text=_("Ditunjukkan kepada pembeli setelah memesan."),
    )
    pickup_hours = models.CharField(_("jam pengambilan"), max_length=200, blank=True)
    pickup_at_hall = models.BooleanField(_("bisa diambil di balai desa"), default=True)
    courier = models.BooleanField(_("kirim dengan kurir lokal"), default=True)
    own_rates = models.BooleanField(
        _("pakai tarif kurir sendiri"),
        default=False,
        help_text=_("Jika tidak, tarif bawaan dari dinas yang dipakai."),
    )

    class Meta:
        verbose_name = _("pengiriman penjual")
        verbose_name_plural = _("pengiriman penjual")

    def __str__(self):
        return str(self.seller)


class CourierRate(models.Model):
    """What the local courier costs to one zone: a base fee plus a fee per started kg."""

    seller = models.ForeignKey(
        "sellers.Seller",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="courier_rates",
        verbose_name=_("penjual"),
        help_text=_("Kosong: tarif bawaan dinas."),
    )
    zone = models.CharField(_("zona"), max_length=10, choices=Zone.choices)
    base_fee = models.PositiveIntegerField(
        _("ongkos dasar (Rp)"), validators=[MaxValueValidator(MAX_FEE)]
    )
    per_kg = models.PositiveIntegerField(
        _("tambahan per kg (Rp)"), default=0, validators=[MaxValueValidator(MAX_FEE)]
    )
    available = models.BooleanField(
        _("melayani zona ini"), default=True, help_text=_("Matikan jika kurir tidak ke sana.")
    )

    class Meta:
        verbose_name = _("tarif kurir")
        verbose_name_plural = _("tarif kurir")
        ordering = ["seller_id", "zone"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "zone"],
                condition=Q(seller__isnull=False),
                name="shipping_one_rate_per_seller_zone",
            ),
            models.UniqueConstraint(
                fields=["zone"],
                condition=Q(seller__isnull=True),
                name="shipping_one_default_rate_per_zone",
            ),
        ]

    def __str__(self):
        return f"{self.get_zone_display()}: Rp{self.base_fee} + Rp{self.per_kg}/kg"

    def fee(self, *, weight_grams: int) -> int:
        """The fee for a parcel: the base fee plus ``per_kg`` for each kg started past the
        first (a 1.2 kg parcel pays one extra kg)."""
        extra_kg = max(0, -(-weight_grams // 1000) - 1)
        return self.base_fee + self.per_kg * extra_kg


from oscar.apps.shipping.models import *  # noqa: E402,F401,F403
