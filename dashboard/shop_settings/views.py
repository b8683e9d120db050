"""The "Pengaturan toko" pages: payments and shipping of the signed-in seller's own shop.

There are no ids in these URLs: the shop is always the one of the user signed in, so no
request can name another seller's. Anyone without a shop (staff included) gets a 404. A
suspended seller sees the pages read-only; their posts are refused by
``dashboard.middleware.SuspendedSellerReadOnlyMiddleware`` before they get here, and by
the services if they ever do.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import generic

from dashboard.selectors import seller_for_dashboard
from payments.forms import KEEP, REMOVE, SellerPaymentForm
from payments.selectors import seller_payment
from shipping.forms import SellerShippingForm, rate_forms
from shipping.selectors import seller_shipping

from .selectors import default_rates, qris_summary, seller_rates_initial
from .services import (
    PaymentInput,
    RateInput,
    ShippingInput,
    seller_payment_save,
    seller_shipping_save,
)


def form_add_service_errors(form, exc: ValidationError, *, aliases: dict[str, str] | None = None):
    """A service's ``ValidationError`` on the form's fields (unknown fields: on the form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        name = (aliases or {}).get(field, field)
        form.add_error(name if name in form.fields else None, errors)


class ShopSettingsMixin:
    """Sets ``self.seller``, the signed-in user's shop; 404 for anyone without one."""

    tab = ""

    def dispatch(self, request, *args, **kwargs):
        self.seller = seller_for_dashboard(request.user)
        if self.seller is None:
            raise Http404(_("Pengaturan toko hanya untuk penjual."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["seller"] = self.seller
        ctx["read_only"] = not self.seller.is_active
        ctx["tab"] = self.tab
        return ctx


class PaymentSettingsView(ShopSettingsMixin, generic.TemplateView):
    """QRIS (a photo of the printed code, decoded and discarded, or the pasted payload),
    bank account and cash."""

    template_name = "oscar/dashboard/shop_settings/payment.html"
    tab = "payment"

    def get(self, request, *args, **kwargs):
        payment = seller_payment(seller=self.seller)
        form = SellerPaymentForm(payment=payment)
        return self.render_to_response(self.get_context_data(form=form, payment=payment))

    def post(self, request, *args, **kwargs):
        payment = seller_payment(seller=self.seller)
        form = SellerPaymentForm(request.POST, request.FILES, payment=payment)
        if form.is_valid():
            cleaned = form.cleaned_data
            if form.qris_change == KEEP:
                qris = None
            elif form.qris_change == REMOVE:
                qris = ""
            else:
                qris = form.qris_new
            data = PaymentInput(
                qris_payload=qris,
                bank_name=cleaned["bank_name"],
                bank_account=cleaned["bank_account"],
                bank_holder=cleaned["bank_holder"],
                cash_on_pickup=cleaned["cash_on_pickup"],
                cash_on_delivery=cleaned["cash_on_delivery"],
            )
            try:
                seller_payment_save(seller=self.seller, data=data)
            except ValidationError as exc:
                aliases = {"qris_payload": "qris_image"} if cleaned.get("qris_image") else {}
                form_add_service_errors(form, exc, aliases=aliases)
            else:
                messages.success(request, _("Pengaturan pembayaran disimpan."))
                return redirect("dashboard:shop-settings-payment")
        messages.error(
            request, _("Pengaturan pembayaran belum disimpan: periksa isian yang ditandai.")
        )
        return self.render_to_response(
            self.get_context_data(form=form, payment=payment), status=400
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["qris"] = qris_summary(payment=ctx["payment"])
        return ctx


class ShippingSettingsView(ShopSettingsMixin, generic.TemplateView):
    """Pickup at the shop or the village hall, the local courier, and the seller's own
    courier rates for the five zones (or the district's)."""

    template_name = "oscar/dashboard/shop_settings/shipping.html"
    tab = "shipping"

    def get(self, request, *args, **kwargs):
        shipping = seller_shipping(seller=self.seller)
        form = SellerShippingForm(shipping=shipping)
        rates = rate_forms(initial=seller_rates_initial(seller=self.seller))
        return self.render_to_response(self.get_context_data(form=form, rate_forms=rates))

    def post(self, request, *args, **kwargs):
        shipping = seller_shipping(seller=self.seller)
        form = SellerShippingForm(request.POST, shipping=shipping)
        rates = rate_forms(request.POST, initial=seller_rates_initial(seller=self.seller))
        valid = form.is_valid()
        own_rates = bool(form.cleaned_data.get("own_rates"))
        # The table counts only when the seller uses it: otherwise its boxes are ignored.
        if own_rates:
            valid = all([rate.is_valid() for rate in rates]) and valid
        if valid:
            cleaned = form.cleaned_data
            data = ShippingInput(
                pickup_at_seller=cleaned["pickup_at_seller"],
                pickup_address=cleaned["pickup_address"],
                pickup_hours=cleaned["pickup_hours"],
                pickup_at_hall=cleaned["pickup_at_hall"],
                courier=cleaned["courier"],
                own_rates=own_rates,
            )
            table = (
                {
                    rate.zone: RateInput(
                        base_fee=rate.cleaned_data["base_fee"],
                        per_kg=rate.cleaned_data["per_kg"],
                        available=rate.cleaned_data["available"],
                    )
                    for rate in rates
                }
                if own_rates
                else None
            )
            try:
                seller_shipping_save(seller=self.seller, data=data, rates=table)
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, _("Pengaturan pengiriman disimpan."))
                if cleaned["pickup_at_hall"] and not self.seller.village.has_hall:
                    messages.warning(
                        request,
                        _(
                            "Alamat balai desa Anda belum diisi operator desa: pembeli belum "
                            "melihat pilihan ambil di balai desa sampai alamatnya diisi."
                        ),
                    )
                return redirect("dashboard:shop-settings-shipping")
        messages.error(
            request, _("Pengaturan pengiriman belum disimpan: periksa isian yang ditandai.")
        )
        if not own_rates:
            # Ignored boxes are shown as stored, not checked and marked wrong.
            rates = rate_forms(initial=seller_rates_initial(seller=self.seller))
        return self.render_to_response(
            self.get_context_data(form=form, rate_forms=rates), status=400
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["village"] = self.seller.village
        defaults = default_rates()
        ctx["rate_rows"] = [(rate, defaults.get(rate.zone)) for rate in ctx["rate_forms"]]
        return ctx
