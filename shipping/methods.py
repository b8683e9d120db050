"""How a seller's group of a basket reaches the buyer.

Oscar's shipping methods price a whole basket; here each seller's group gets its own
choice, so a method is a code stored on the seller's order (``Order.shipping_code``) plus
what it costs (:mod:`shipping.rates`) and where the buyer collects (:mod:`shipping.selectors`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fulfilment(models.TextChoices):
    PICKUP_SELLER = "pickup-seller", _("Ambil di tempat penjual")
    PICKUP_HALL = "pickup-hall", _("Ambil di balai desa")
    COURIER = "courier", _("Kurir lokal")


PICKUP = (Fulfilment.PICKUP_SELLER, Fulfilment.PICKUP_HALL)


class Zone(models.TextChoices):
    """Where the buyer lives, seen from the seller's village."""

    SAME_VILLAGE = "village", _("Desa yang sama")
    SAME_DISTRICT = "district", _("Kecamatan yang sama")
    SAME_REGENCY = "regency", _("Kabupaten/kota yang sama")
    SAME_PROVINCE = "province", _("Provinsi yang sama")
    ELSEWHERE = "elsewhere", _("Di luar provinsi")
