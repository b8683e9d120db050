"""Checkout pages: one page to place the basket (contact, address, and per seller group
the shipping and payment), the checkout's own page (reached by its secret link: the
buyer's payment instructions, each order's status and history), and the buyer's history.

The views only read the request and hand over to the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView
from oscar.core.loading import get_model

from order import statuses
from order.services import OrderRefused, next_statuses, order_status_change
from partner.models import OutOfStock
from payments.gateway import CardUnavailable, card_configured
from payments.methods import PaymentMethod
from payments.qris import qris_for_amount, qris_png
from payments.selectors import card_orders_awaiting, payment_methods, seller_payment
from payments.services import receipt_upload
from payments.services.card import (
    CardMismatch,
    CardRefused,
    card_cancel,
    card_intent_ensure,
    card_settle,
    card_switch,
)
from registry.models import Village

from .forms import CancelForm, CheckoutForm, ReceiptForm
from .notifications import whatsapp_link
from .selectors import basket_groups, checkout_by_token, checkouts_for_user, groups_signature
from .services import CheckoutRefused, checkout_place

Checkout = get_model("checkout", "Checkout")

#: Checkouts placed in this session, by basket id: a submit repeated after the basket was
#: placed (a second tap, the back button) goes to the checkout placed, not to an empty basket.
SESSION_PLACED = "checkout_placed"


def _buyer_place(data) -> tuple[Village | None, str]:
    """The buyer's village (or regency) as typed so far, to price the courier per group."""
    value = str(data.get("village", "")).strip()
    if value.isascii() and value.isdigit() and len(value) < 10:
        village = Village.objects.filter(pk=int(value)).select_related("district").first()
        if village is not None:
            return village, ""
    code = str(data.get("regency_code", "")).strip()[:5]
    return None, code if len(code) == 5 else ""


class IndexView(TemplateView):
    template_name = "checkout/index.html"

    def _initial(self) -> dict:
        user = self.request.user
        if not user.is_authenticated:
            return {}
        last = Checkout.objects.filter(user=user).order_by("-date_created").first()
        initial = {"email": user.email, "recipient": user.get_full_name()}
        if last is not None:
            for name in (
                "whatsapp",
                "recipient",
                "street",
                "rt",
                "rw",
                "village_name",
                "regency_code",
                "postcode",
            ):
                initial[name] = getattr(last, name)
            initial["village"] = last.village_id
        return initial

    def get(self, request, *args, **kwargs):
        basket = request.basket
        if basket.is_empty:
            messages.info(request, _("Keranjang Anda masih kosong."))
            return redirect("basket:summary")
        initial = self._initial()
        village = (
            Village.objects.filter(pk=initial.get("village")).first()
            if initial.get("village")
            else None
        )
        groups = basket_groups(
            basket=basket, buyer_village=village, buyer_regency_code=initial.get("regency_code", "")
        )
        form = CheckoutForm(initial=initial, groups=groups)
        return self.render_to_response(self.get_context_data(form=form, groups=groups))

    def post(self, request, *args, **kwargs):
        basket = request.basket
        placed = request.session.get(SESSION_PLACED, {})
        posted_basket = str(request.POST.get("basket_id", ""))
        if posted_basket in placed and (basket.is_empty or str(basket.pk) != posted_basket):
            return redirect("checkout:placed", token=placed[posted_basket])
        if basket.is_empty:
            return redirect("basket:summary")
        village, regency_code = _buyer_place(request.POST)
        groups = basket_groups(
            basket=basket, buyer_village=village, buyer_regency_code=regency_code
        )
        if request.POST.get("action") != "place":
            # "Hitung ongkos kirim": the same page again, priced for the address typed.
            form = CheckoutForm(initial=request.POST.dict(), groups=groups)
            return self.render_to_response(self.get_context_data(form=form, groups=groups))
        form = CheckoutForm(request.POST, groups=groups)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, groups=groups), status=400
            )
        try:
            checkout = checkout_place(
                basket=basket,
                buyer=form.buyer(),
                choices=form.choices(),
                user=request.user,
                request=request,
                language=translation.get_language(),
                signature=request.POST.get("signature", "")[:64] or None,
            )
        except OutOfStock as lost:
            messages.error(
                request,
                _(
                    "Stok habis: %(product)s baru saja dibeli pembeli lain. "
                    "Ubah jumlahnya di keranjang."
                )
                % {"product": lost.stockrecord.product.get_title()},
            )
            return redirect("basket:summary")
        except CheckoutRefused as refused:
            for message in refused.messages:
                form.add_error(None, message)
            return self.render_to_response(
                self.get_context_data(form=form, groups=groups), status=400
            )
        placed[str(basket.pk)] = checkout.token
        request.session[SESSION_PLACED] = dict(list(placed.items())[-20:])
        if form.by_card:
            return redirect("checkout:card-pay", token=checkout.token)
        return redirect("checkout:placed", token=checkout.token)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = kwargs["form"]
        groups = kwargs["groups"]
        for group in groups:
            if group.seller is not None:
                group.ship_bound = form[group.ship_field]
                group.pay_bound = form[group.pay_field]
        ctx["blocked"] = [p for g in groups for p in g.problems]
        ctx["signature"] = groups_signature(groups)
        ctx["basket_id"] = self.request.basket.pk
        ctx["items_total"] = sum(g.subtotal for g in groups)
        return ctx


def _checkout_or_404(token: str):
    checkout = checkout_by_token(token=token)
    if checkout is None:
        raise Http404
    return checkout


def _order_of(checkout, number: str):
    order = checkout.orders.filter(number=number).select_related("seller").first()
    if order is None:
        raise Http404
    return order


class PlacedView(TemplateView):
    """A checkout's page: anyone with its secret link (the buyer's email carries it)."""

    template_name = "checkout/placed.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        checkout = _checkout_or_404(kwargs["token"])
        orders = list(
            checkout.orders.select_related(
                "seller__village__district", "seller__payment", "seller__partner"
            )
            .prefetch_related("lines", "status_changes", "transfer_receipts")
            .order_by("number")
        )
        awaiting_card = [
            order
            for order in orders
            if order.payment_method == PaymentMethod.CARD
            and order.status == statuses.AWAITING_PAYMENT
        ]
        for order in orders:
            order.pay = seller_payment(seller=order.seller)
            order.can_cancel = statuses.CANCELLED in next_statuses(order=order, role="buyer")
            order.whatsapp = whatsapp_link(
                order.seller.whatsapp,
                _("Halo %(shop)s, saya %(name)s, pesanan %(number)s.")
                % {"shop": order.seller.name, "name": checkout.recipient, "number": order.number},
            )
            order.shows_qris = (
                order.payment_method == PaymentMethod.QRIS
                and order.status == statuses.AWAITING_PAYMENT
                and order.pay.has_qris
            )
            order.takes_receipt = (
                order.payment_method == PaymentMethod.TRANSFER
                and order.status == statuses.AWAITING_PAYMENT
            )
            order.history = sorted(order.status_changes.all(), key=lambda c: c.date_created)
        card_payment = getattr(checkout, "card_payment", None) if awaiting_card else None
        ctx.update(
            checkout=checkout,
            orders=orders,
            awaiting_card=awaiting_card,
            by_card=any(order.payment_method == PaymentMethod.CARD for order in orders),
            card_total=sum(order.total_rupiah for order in awaiting_card),
            card_error=card_payment.error if card_payment is not None else "",
            card_configured=card_configured(),
            receipt_form=ReceiptForm(),
            cancel_form=CancelForm(),
        )
        return ctx


class QrisView(View):
    """The dynamic QRIS of one order, for its exact amount, as a PNG to scan or save."""

    def get(self, request, token, number):
        checkout = _checkout_or_404(token)
        order = _order_of(checkout, number)
        pay = seller_payment(seller=order.seller)
        if order.payment_method != PaymentMethod.QRIS or not pay.has_qris:
            raise Http404
        amount = order.total_rupiah
        try:
            png = qris_png(
                qris_for_amount(pay.qris_payload, amount),
                amount=amount,
                merchant=pay.qris_merchant or order.seller.name,
            )
        except ValidationError as exc:
            raise Http404 from exc
        response = HttpResponse(png, content_type="image/png")
        response["Cache-Control"] = "private, max-age=3600"
        if request.GET.get("download") == "1":
            response["Content-Disposition"] = f'attachment; filename="QRIS-{order.number}.png"'
        return response


class OrderCancelView(View):
    def post(self, request, token, number):
        checkout = _checkout_or_404(token)
        order = _order_of(checkout, number)
        form = CancelForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        if order.payment_method == PaymentMethod.CARD:
            # One card payment for the whole checkout: cancelled as a whole.
            try:
                cancelled = card_cancel(
                    checkout=checkout,
                    by=request.user,
                    role="buyer",
                    note=reason or _("Dibatalkan pembeli."),
                )
            except CardUnavailable as exc:
                messages.error(request, str(exc))
            else:
                if cancelled:
                    messages.success(
                        request, _("Checkout %(ref)s dibatalkan.") % {"ref": checkout.reference}
                    )
                else:
                    messages.error(request, _("Pesanan ini tidak bisa dibatalkan lagi."))
            return redirect("checkout:placed", token=token)
        try:
            order_status_change(
                order=order,
                new_status=statuses.CANCELLED,
                by=request.user,
                role="buyer",
                note=reason or _("Dibatalkan pembeli."),
            )
        except OrderRefused as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(
                request, _("Pesanan %(number)s dibatalkan.") % {"number": order.number}
            )
        return redirect("checkout:placed", token=token)


class ReceiptView(View):
    def post(self, request, token, number):
        checkout = _checkout_or_404(token)
        order = _order_of(checkout, number)
        form = ReceiptForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Pilih foto bukti transfer."))
            return redirect("checkout:placed", token=token)
        try:
            receipt_upload(order=order, upload=form.cleaned_data["image"])
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("Bukti transfer terkirim ke penjual."))
        return redirect("checkout:placed", token=token)


def _switch_choices(orders) -> list:
    """Each order still awaiting the card, with the methods its seller takes instead."""
    for order in orders:
        order.switch_field = f"method_{order.number}"
        order.switch_methods = [
            (code, PaymentMethod(code).label)
            for code in payment_methods(seller=order.seller, fulfilment=order.shipping_code)
        ]
    return orders


class CardPayView(TemplateView):
    """The card payment of a whole checkout: Stripe's card form (Stripe.js, on this page
    only) for the checkout's one PaymentIntent, the last decline's message, and the way
    to pay each shop another way instead."""

    template_name = "checkout/card_pay.html"

    def get(self, request, token):
        checkout = _checkout_or_404(token)
        if not card_configured():
            raise Http404
        try:
            payment, intent = card_intent_ensure(checkout=checkout)
        except CardRefused as refused:
            messages.info(request, " ".join(refused.messages))
            return redirect("checkout:placed", token=token)
        except (CardUnavailable, CardMismatch) as exc:
            messages.error(
                request,
                str(exc)
                if isinstance(exc, CardUnavailable)
                else _("Pembayaran kartu tidak cocok dengan pesanan: hubungi kami."),
            )
            return redirect("checkout:placed", token=token)
        if payment.paid_at is not None:
            messages.success(request, _("Pembayaran kartu Anda sudah diterima."))
            return redirect("checkout:placed", token=token)
        orders = _switch_choices(
            list(
                card_orders_awaiting(checkout=checkout).select_related("seller").order_by("number")
            )
        )
        return self.render_to_response(
            self.get_context_data(
                checkout=checkout,
                payment=payment,
                orders=orders,
                client_secret=intent.client_secret,
                requires_action=intent.status == "requires_action",
                return_url=request.build_absolute_uri(
                    reverse("checkout:card-return", kwargs={"token": token})
                ),
            )
        )

    def get_context_data(self, **kwargs):
        from django.conf import settings

        ctx = super().get_context_data(**kwargs)
        ctx["publishable_key"] = settings.STRIPE_PUBLISHABLE_KEY
        return ctx


class CardReturnView(View):
    """Where Stripe sends the buyer back (after 3-D Secure too): the PaymentIntent is read
    from Stripe and checked before the page says paid; a decline goes back to the form."""

    def get(self, request, token):
        checkout = _checkout_or_404(token)
        try:
            payment = card_settle(checkout=checkout)
        except CardUnavailable:
            messages.warning(
                request,
                _(
                    "Kami belum bisa memastikan pembayaran Anda. Jangan bayar lagi: halaman "
                    "ini menunjukkan “Sudah dibayar” begitu Stripe mengonfirmasinya."
                ),
            )
            return redirect("checkout:placed", token=token)
        except CardMismatch:
            messages.error(request, _("Pembayaran kartu tidak cocok dengan pesanan: hubungi kami."))
            return redirect("checkout:placed", token=token)
        if payment is None:
            return redirect("checkout:placed", token=token)
        if payment.paid_at is not None:
            messages.success(request, _("Pembayaran kartu diterima. Terima kasih!"))
            return redirect("checkout:placed", token=token)
        if payment.status == "processing":
            messages.info(
                request, _("Pembayaran Anda sedang diproses bank. Kami kabari lewat email.")
            )
            return redirect("checkout:placed", token=token)
        if payment.status == "canceled":
            messages.error(request, _("Pembayaran kartu untuk checkout ini sudah dibatalkan."))
            return redirect("checkout:placed", token=token)
        messages.error(
            request,
            payment.error
            or _("Pembayaran belum selesai. Coba lagi, atau pilih cara bayar lain di bawah."),
        )
        return redirect("checkout:card-pay", token=token)


class CardSwitchView(View):
    """The buyer pays each shop another way instead of the card (after a decline, say)."""

    def post(self, request, token):
        checkout = _checkout_or_404(token)
        orders = _switch_choices(
            list(card_orders_awaiting(checkout=checkout).select_related("seller"))
        )
        methods = {order.pk: str(request.POST.get(order.switch_field, ""))[:16] for order in orders}
        try:
            card_switch(checkout=checkout, methods=methods)
        except CardRefused as refused:
            messages.error(request, " ".join(refused.messages))
            if not card_orders_awaiting(checkout=checkout).exists():
                return redirect("checkout:placed", token=token)
            return redirect("checkout:card-pay", token=token)
        except (CardUnavailable, CardMismatch):
            messages.error(
                request, _("Pembayaran kartu sedang tidak bisa diproses. Coba lagi sebentar lagi.")
            )
            return redirect("checkout:card-pay", token=token)
        messages.success(request, _("Cara bayar diganti. Ikuti petunjuk bayar tiap toko di bawah."))
        return redirect("checkout:placed", token=token)


class HistoryView(LoginRequiredMixin, ListView):
    """The signed-in buyer's checkouts, newest first, each with its sellers' orders."""

    template_name = "checkout/history.html"
    context_object_name = "checkouts"
    paginate_by = 10

    def get_queryset(self):
        return checkouts_for_user(user=self.request.user)
