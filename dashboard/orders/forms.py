"""The seller's order search: every filter looks at the seller's own lines only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders import forms as oscar_forms
from oscar.core.loading import get_model

from order import statuses

from ..forms import DateBoundsMixin

Line = get_model("order", "Line")


class SellerOrderSearchForm(DateBoundsMixin, forms.Form):
    order_number = forms.CharField(label=_("Nomor pesanan"), required=False, max_length=128)
    name = forms.CharField(label=_("Nama penerima"), required=False, max_length=128)
    product_title = forms.CharField(label=_("Nama produk"), required=False, max_length=128)
    status = forms.ChoiceField(label=_("Status pesanan"), required=False, choices=())
    date_from = forms.DateField(label=_("Dari tanggal"), required=False)
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Semua status"))] + [
            (status, label) for status, label in statuses.LABELS.items()
        ]

    def search_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "number": data["order_number"],
            "name": data["name"],
            "product_title": data["product_title"],
            "status": data["status"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }


class OrderSearchForm(DateBoundsMixin, oscar_forms.OrderSearchForm):
    """Oscar's order search for staff, with its dates within bounds (``dashboard.forms``)."""


class OrderStatsForm(DateBoundsMixin, oscar_forms.OrderStatsForm):
    """Oscar's order statistics filter, with its dates within bounds (``dashboard.forms``)."""


class CardRefundForm(forms.Form):
    """Staff refund (part of) a card-paid order; ``request_key`` makes a double submit one
    refund."""

    amount = forms.IntegerField(label=_("Jumlah (Rp)"), min_value=1, max_value=10**12)
    reason = forms.CharField(label=_("Alasan"), max_length=255)
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args, **kwargs):
        import secrets

        super().__init__(*args, **kwargs)
        self.fields["request_key"].initial = secrets.token_hex(16)
        self.fields["amount"].widget.attrs["inputmode"] = "numeric"

    def clean_request_key(self) -> str:
        value = self.cleaned_data["request_key"]
        if not value.isalnum():
            raise forms.ValidationError(_("Muat ulang halaman, lalu coba lagi."))
        return value
