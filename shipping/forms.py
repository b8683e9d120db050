"""The seller's shipping settings forms (dashboard → shop settings → shipping), and the
Rupiah amount field they and the district's default table share.

The forms read what the seller sends; rules that need the whole picture (the pickup
address when pickup at the seller is on, at least one way to hand goods over) are the
service's (``dashboard.shop_settings.services.seller_shipping_save``).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .methods import Zone
from .models import MAX_FEE, CourierRate, SellerShipping

#: "15.000": dots between groups of three digits, as Rupiah are written.
_GROUPED = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
_DIGITS = re.compile(r"[0-9]+")

RUPIAH_MESSAGE = _("Isi angka Rupiah bulat tanpa sen, mis. 15000.")
RUPIAH_MAX_MESSAGE = _("Paling besar Rp10.000.000.")


class RupiahField(forms.IntegerField):
    """Whole Rupiah from 0 to ``MAX_FEE``, typed as ``15000``, ``15.000`` or ``Rp 15.000``.

    A text box with the phone's number pad: ``type="number"`` refuses the dots people
    write between thousands. A comma (decimals) or a minus is refused with one message.
    """

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_FEE)
        super().__init__(**kwargs)
        self.error_messages["invalid"] = RUPIAH_MESSAGE
        self.error_messages["min_value"] = RUPIAH_MESSAGE
        self.error_messages["max_value"] = RUPIAH_MAX_MESSAGE
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if text[:2].lower() == "rp":
            text = text[2:].strip()
        if _GROUPED.fullmatch(text):
            text = text.replace(".", "")
        if not _DIGITS.fullmatch(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(text) > 12:  # far above MAX_FEE: refused without a huge int
            raise ValidationError(self.error_messages["max_value"], code="max_value")
        return int(text)


class SellerShippingForm(forms.Form):
    pickup_at_seller = forms.BooleanField(
        label=_("Pembeli bisa mengambil di tempat saya"), required=False
    )
    pickup_address = forms.CharField(
        label=_("Alamat pengambilan"),
        required=False,
        max_length=500,
        help_text=_(
            "Ditunjukkan kepada pembeli setelah memesan. Wajib jika pengambilan di tempat Anda "
            "aktif."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    pickup_hours = forms.CharField(
        label=_("Jam pengambilan"),
        required=False,
        max_length=200,
        help_text=_("Mis. Setiap hari 08.00–17.00"),
    )
    pickup_at_hall = forms.BooleanField(
        label=_("Pembeli bisa mengambil di balai desa"), required=False
    )
    courier = forms.BooleanField(label=_("Kirim dengan kurir lokal"), required=False)
    own_rates = forms.BooleanField(
        label=_("Pakai tarif sendiri"),
        required=False,
        help_text=_("Jika tidak dicentang, tarif bawaan dari dinas yang dipakai."),
    )

    def __init__(self, *args, shipping: SellerShipping, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "pickup_at_seller": shipping.pickup_at_seller,
                "pickup_address": shipping.pickup_address,
                "pickup_hours": shipping.pickup_hours,
                "pickup_at_hall": shipping.pickup_at_hall,
                "courier": shipping.courier,
                "own_rates": shipping.own_rates,
            },
        )
        super().__init__(*args, **kwargs)

    def clean_pickup_address(self) -> str:
        lines = self.cleaned_data["pickup_address"].splitlines()
        return "\n".join(line.strip() for line in lines).strip()

    def clean_pickup_hours(self) -> str:
        return " ".join(self.cleaned_data["pickup_hours"].split())


class CourierRateForm(forms.Form):
    """One zone's row of a rate table: the zone is the form's, never the request's."""

    base_fee = RupiahField(label=_("Ongkos dasar (Rp)"))
    per_kg = RupiahField(label=_("Tambahan per kg (Rp)"))
    available = forms.BooleanField(label=_("Melayani zona ini"), required=False)

    def __init__(self, *args, zone: str, **kwargs):
        kwargs.setdefault("prefix", f"rate-{zone}")
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.zone_label = Zone(zone).label


def rate_forms(data=None, *, initial: dict[str, CourierRate | None]) -> list[CourierRateForm]:
    """A form for each of the five zones, in ``Zone`` order, filled from ``initial``
    (zone → rate; ``None`` leaves the zone's boxes empty)."""
    forms_ = []
    for zone in Zone.values:
        rate = initial.get(zone)
        values = (
            {"base_fee": rate.base_fee, "per_kg": rate.per_kg, "available": rate.available}
            if rate is not None
            else {"available": True}
        )
        forms_.append(CourierRateForm(data, zone=zone, initial=values))
    return forms_


class DefaultCourierRateForm(WagtailAdminModelForm):
    """A row of the district's default table in the back office: the amounts only."""

    base_fee = RupiahField(label=_("Ongkos dasar (Rp)"))
    per_kg = RupiahField(label=_("Tambahan per kg (Rp)"))

    class Meta:
        model = CourierRate
        fields = ["base_fee", "per_kg", "available"]
