"""Oscar's order dashboard, narrowed for sellers.

Oscar shows a partner every line of an order that has one of theirs, the whole order's
totals and payments, and lets them change other partners' lines and the order's status.
Here a seller sees only orders with their lines, and of each order only their own lines,
their own subtotal and what they need to ship (recipient, address, phone). They may change
the status of, and record shipping for, their own lines only; everything that acts on the
whole order (order status, notes, payment events, delivery address, statistics) is staff's.
Staff keep Oscar's views unchanged.
"""

from __future__ import annotations

import mimetypes
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views import View
from oscar.apps.dashboard.orders import views
from oscar.apps.order.exceptions import InvalidOrderStatus
from oscar.core.compat import UnicodeCSVWriter
from oscar.core.loading import get_model
from oscar.core.utils import format_datetime
from oscar.views import sort_queryset

from checkout.notifications import whatsapp_link
from dashboard.access import SellerScopeMixin
from dashboard.selectors import lines_for_partner, orders_for_partner, orders_search
from order import statuses
from order.services import OrderRefused, next_statuses, order_status_change
from payments.gateway import CardUnavailable
from payments.methods import SELLER_COLLECTED, PaymentMethod
from payments.qris import rupiah
from payments.selectors import seller_payment
from payments.services import payment_confirm
from payments.services.card import card_refund, refundable

from .forms import CardRefundForm, SellerOrderSearchForm

Line = get_model("order", "Line")
Order = get_model("order", "Order")
TransferReceipt = get_model("payments", "TransferReceipt")
ShippingEvent = get_model("order", "ShippingEvent")
ShippingEventQuantity = get_model("order", "ShippingEventQuantity")
ShippingEventType = get_model("order", "ShippingEventType")

#: Line actions a seller may take on their own lines.
SELLER_LINE_ACTIONS = ("change_line_statuses", "create_shipping_event")


class OrderListView(SellerScopeMixin, views.OrderListView):
    def get(self, request, *args, **kwargs):
        if self.is_seller:
            self.base_queryset = orders_for_partner(partner=self.seller.partner).order_by(
                "-date_placed"
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.is_seller:
            self.base_queryset = orders_for_partner(partner=self.seller.partner).order_by(
                "-date_placed"
            )
        return super().post(request, *args, **kwargs)

    def get_actions(self):
        if self.is_seller:
            return {"download_selected_orders": None}
        return super().get_actions()

    def get_template_names(self):
        if self.is_seller:
            return ["oscar/dashboard/orders/seller_order_list.html"]
        return super().get_template_names()

    def get_queryset(self):
        if not self.is_seller:
            return super().get_queryset()
        queryset = sort_queryset(self.base_queryset, self.request, ["number", "seller_total"])
        self.form = SellerOrderSearchForm(self.request.GET)
        if self.form.is_valid():
            queryset = orders_search(
                queryset, partner=self.seller.partner, **self.form.search_kwargs()
            )
        return queryset

    def get_search_filter_descriptions(self):
        if not self.is_seller:
            return super().get_search_filter_descriptions()
        data = getattr(self.form, "cleaned_data", None) or {}
        return [
            f"{self.form.fields[name].label}: {value}"
            for name, value in data.items()
            if value not in (None, "")
        ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.is_seller:
            ctx["seller"] = self.seller
            ctx["line_statuses"] = Line.all_statuses()
        return ctx

    def change_order_status(self, request, order):
        """Oscar's bulk status change, one order at a time through ``order.processing``: an
        order whose new status is refused (it changed meanwhile) gets a message, not a 500."""
        try:
            return super().change_order_status(request, order)
        except InvalidOrderStatus as refused:
            messages.error(request, str(refused))
            return None

    def download_selected_orders(self, request, orders):
        if not self.is_seller:
            return super().download_selected_orders(request, orders)
        return seller_lines_csv(partner=self.seller.partner, orders=orders)


def seller_lines_csv(*, partner, orders) -> HttpResponse:
    """One row per line of the seller's in ``orders``, with what is needed to ship it."""
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = "attachment; filename=pesanan.csv"
    writer = UnicodeCSVWriter(open_file=response)
    writer.writerow(
        [
            _("Nomor pesanan"),
            _("Tanggal"),
            _("Produk"),
            _("Kode produk"),
            _("Jumlah"),
            _("Harga"),
            _("Status barang"),
            _("Nama penerima"),
            _("Alamat"),
            _("Telepon"),
        ]
    )
    lines = (
        Line.objects.filter(partner=partner, order__in=[o.pk for o in orders])
        .select_related("order__shipping_address")
        .order_by("-order__date_placed", "pk")
    )
    for line in lines:
        address = line.order.shipping_address
        writer.writerow(
            [
                line.order.number,
                format_datetime(line.order.date_placed, "DATETIME_FORMAT"),
                _cell(line.title),
                _cell(line.partner_sku),
                line.quantity,
                int(line.line_price_incl_tax or Decimal(0)),
                line.status,
                _cell(address.name) if address else "",
                _cell(address_lines(address)),
                str(address.phone_number or "") if address else "",
            ]
        )
    return response


def _is_number(value: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts "²", which ``int`` refuses."""
    return value.isascii() and value.isdigit()


def _cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: buyer-typed text that starts like a formula
    (``=``, ``+``, ``-``, ``@``) gets a leading apostrophe so that it is never run."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def address_fields(address) -> list[str]:
    """The address without the recipient's name or country, one part a line."""
    if address is None:
        return []
    parts = [address.line1, address.line2, address.line3, address.line4, address.state]
    parts.append(address.postcode)
    return [part.strip() for part in parts if part and part.strip()]


def address_lines(address) -> str:
    return ", ".join(address_fields(address))


def seller_steps(order) -> list[tuple[str, str]]:
    """(status, button label) for each step the seller may take on ``order`` now."""
    steps = []
    if (
        order.status == statuses.AWAITING_PAYMENT
        and order.payment_method in SELLER_COLLECTED
        and order.payment_method != "cash"
    ):
        steps.append((statuses.PAID, str(statuses.ACTIONS[statuses.PAID])))
    for status in next_statuses(order=order, role="seller"):
        label = statuses.ACTIONS.get(status, statuses.LABELS.get(status, status))
        if status == statuses.COMPLETED and order.payment_method == "cash" and not order.paid_at:
            label = _("Tandai selesai (uang tunai diterima)")
        steps.append((status, str(label)))
    return steps


class OrderDetailView(SellerScopeMixin, views.OrderDetailView):
    def get_object(self, queryset=None):
        if not self.is_seller:
            return super().get_object(queryset)
        order = (
            orders_for_partner(partner=self.seller.partner)
            .filter(number=self.kwargs["number"])
            .first()
        )
        if order is None:
            raise Http404
        return order

    def get_order_lines(self):
        if not self.is_seller:
            return super().get_order_lines()
        return lines_for_partner(partner=self.seller.partner, order=self.object)

    def get_template_names(self):
        if self.is_seller:
            return ["oscar/dashboard/orders/seller_order_detail.html"]
        return ["oscar/dashboard/orders/staff_order_detail.html"]

    def handle_order_action(self, request, order, action):
        if self.is_seller:
            if action == "seller_step" and self.seller.is_active:
                return self.seller_step(request, order)
            raise PermissionDenied(_("Hanya staf yang dapat mengubah pesanan secara keseluruhan."))
        if action == "card_refund":
            return self.card_refund(request, order)
        return super().handle_order_action(request, order, action)

    def card_refund(self, request, order):
        """Staff give money of a card-paid order back through Stripe (whole or part)."""
        form = CardRefundForm(request.POST)
        if not form.is_valid():
            return self.reload_page(error=" ".join(m for e in form.errors.values() for m in e))
        try:
            refund = card_refund(
                order=order,
                amount=form.cleaned_data["amount"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                request_key=f"staff:{order.pk}:{form.cleaned_data['request_key']}",
            )
        except OrderRefused as refused:
            return self.reload_page(error=" ".join(refused.messages))
        except CardUnavailable as exc:
            return self.reload_page(error=str(exc))
        messages.success(
            request,
            _("Pengembalian %(amount)s untuk pesanan %(number)s: %(status)s.")
            % {
                "amount": rupiah(refund.amount),
                "number": order.number,
                "status": refund.get_status_display(),
            },
        )
        return self.reload_page()

    def seller_step(self, request, order):
        """The seller's next step on their own order: a button per step the order may take
        now (``order.services.next_statuses``), so nothing offered is then refused; confirming
        a payment is a step like the others."""
        new_status = request.POST.get("new_status", "")
        if new_status not in dict(seller_steps(order)):
            # Only what the page offers now: never a step it did not show (a cash order is
            # paid at handover, not "confirmed" before it).
            return self.reload_page(
                error=_("Pesanan %(number)s tidak bisa diubah menjadi %(status)s sekarang.")
                % {"number": order.number, "status": statuses.status_label(new_status)}
            )
        try:
            if new_status == statuses.PAID:
                payment_confirm(
                    order=order, by=request.user, reference=request.POST.get("reference", "")
                )
            else:
                order_status_change(
                    order=order,
                    new_status=new_status,
                    by=request.user,
                    role="seller",
                    note=request.POST.get("note", "")[:255],
                )
        except OrderRefused as refused:
            return self.reload_page(error=" ".join(refused.messages))
        messages.success(
            request,
            _("Pesanan %(number)s: %(status)s.")
            % {"number": order.number, "status": statuses.status_label(new_status)},
        )
        return self.reload_page()

    def handle_line_action(self, request, order, action):
        if self.is_seller and action not in SELLER_LINE_ACTIONS:
            raise PermissionDenied(_("Tindakan ini hanya untuk staf."))
        if self.is_seller and order.checkout_id:
            # A seller's own order moves as a whole (``seller_step``); lines follow it.
            raise PermissionDenied(_("Ubah status pesanan ini dengan tombol langkah berikutnya."))
        # Oscar answers a missing or malformed line id or quantity with a server error.
        line_ids = request.POST.getlist("selected_line")
        for line_id in line_ids:
            quantity = request.POST.get(f"selected_line_qty_{line_id}", "")
            if not _is_number(line_id) or not _is_number(quantity.strip()):
                return self.reload_page(error=_("Pilih barang dan jumlahnya dengan benar."))
        return super().handle_line_action(request, order, action)

    def change_line_statuses(self, request, order, lines, quantities):
        if not request.POST.get("new_status", "").strip():
            return self.reload_page(error=_("Pilih status baru."))
        return super().change_line_statuses(request, order, lines, quantities)

    def create_shipping_event(self, request, order, lines, quantities):
        if not request.POST.get("shipping_event_type", "").strip():
            return self.reload_page(error=_("Pilih jenis pengiriman."))
        if request.POST.get("reference") is None:
            # Oscar stores a missing reference as NULL in a NOT NULL column.
            request.POST = request.POST.copy()
            request.POST["reference"] = ""
        return super().create_shipping_event(request, order, lines, quantities)

    def get_context_data(self, **kwargs):
        if not self.is_seller:
            ctx = super().get_context_data(**kwargs)
            order = self.object
            if order.payment_method == PaymentMethod.CARD:
                ctx["card_refunds"] = list(order.card_refunds.all())
                ctx["card_refundable"] = refundable(order=order) if order.paid_at else 0
                ctx["card_refund_form"] = CardRefundForm()
            return ctx
        # Oscar's context carries the whole order's payments and notes: built afresh.
        ctx = {"view": self, "order": self.object, "seller": self.seller}
        lines = list(self.get_order_lines())
        ctx["lines"] = lines
        ctx["seller_total"] = sum((line.line_price_incl_tax for line in lines), Decimal(0))
        ctx["line_statuses"] = Line.all_statuses()
        ctx["shipping_event_types"] = ShippingEventType.objects.all()
        ctx["seller_steps"] = seller_steps(self.object)
        ctx["checkout"] = self.object.checkout
        ctx["payment"] = seller_payment(seller=self.seller)
        ctx["receipts"] = list(self.object.transfer_receipts.all()) if self.object.seller_id else []
        ctx["history"] = self.object.status_changes.select_related("changed_by").order_by(
            "date_created"
        )
        if self.object.checkout is not None:
            ctx["buyer_whatsapp"] = whatsapp_link(
                self.object.checkout.whatsapp,
                _("Halo %(name)s, tentang pesanan %(number)s di %(shop)s:")
                % {
                    "name": self.object.checkout.recipient,
                    "number": self.object.number,
                    "shop": self.seller.name,
                },
            )
        # An event that also covers other shops' lines (staff may record one for a whole
        # order) is shown without its notes, which may be about those shops' goods.
        ctx["shipping_events"] = (
            ShippingEvent.objects.filter(order=self.object, lines__in=lines)
            .distinct()
            .annotate(
                covers_other_shops=Exists(
                    ShippingEventQuantity.objects.filter(event=OuterRef("pk")).exclude(
                        line__partner=self.seller.partner
                    )
                )
            )
            .select_related("event_type")
            .order_by("-date_created")
        )
        address = self.object.shipping_address
        ctx["shipping_address"] = address
        ctx["address_fields"] = address_fields(address)
        return ctx


class TransferReceiptView(SellerScopeMixin, View):
    """A transfer receipt photo of one of the seller's orders, from private storage."""

    def get(self, request, number, receipt_pk):
        orders = (
            Order.objects.all()
            if self.seller is None
            else orders_for_partner(partner=self.seller.partner)
        )
        order = orders.filter(number=number).first()
        receipt = (
            TransferReceipt.objects.filter(pk=receipt_pk, order=order).first() if order else None
        )
        if receipt is None:
            raise Http404
        try:
            handle = receipt.image.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        name = receipt.image.name or "bukti.jpg"
        response = FileResponse(
            handle, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class LineDetailView(SellerScopeMixin, views.LineDetailView):
    def get_object(self, queryset=None):
        if not self.is_seller:
            return super().get_object(queryset)
        line = (
            lines_for_partner(partner=self.seller.partner)
            .filter(order__number=self.kwargs["number"], pk=self.kwargs["line_id"])
            .select_related("order")
            .first()
        )
        if line is None:
            raise Http404
        return line
