"""Reads for checkout: a basket grouped by seller, and what a buyer may choose per group."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from payments.methods import PaymentMethod
from payments.selectors import payment_methods
from shipping.selectors import Option, shipping_options

Seller = get_model("sellers", "Seller")
Checkout = get_model("checkout", "Checkout")
Order = get_model("order", "Order")


@dataclass
class Group:
    """One seller's lines of a basket."""

    seller: Any
    lines: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)

    @property
    def subtotal(self) -> int:
        # Each seller prices their own goods: no site-wide discounts are split between them.
        return sum(int(line.line_price_incl_tax or 0) for line in self.lines)

    @property
    def key(self) -> str:
        return str(self.seller.pk) if self.seller is not None else "0"

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    def payment_methods(self, fulfilment: str) -> list[str]:
        return payment_methods(seller=self.seller, fulfilment=fulfilment)

    def payment_choices(self) -> list[tuple[str, str]]:
        """Every method this seller takes for any of the group's available options."""
        codes: list[str] = []
        for option in self.options:
            if option.available:
                for code in self.payment_methods(option.code):
                    if code not in codes:
                        codes.append(code)
        return [(code, str(PaymentMethod(code).label)) for code in codes]


def sellers_by_partner(lines, *related: str) -> dict:
    """Partner id → seller (with ``partner`` and ``related``) for basket lines or their
    forms' lines: one query however many lines."""
    partner_ids = {line.stockrecord.partner_id for line in lines if line.stockrecord_id}
    sellers = Seller.objects.filter(partner_id__in=partner_ids).select_related("partner", *related)
    return {seller.partner_id: seller for seller in sellers}


def basket_groups(*, basket, buyer_village=None, buyer_regency_code: str = "") -> list[Group]:
    """The basket's lines by seller (in the order the buyer added them), each line's
    problems (no longer sold, not enough stock) and the group's shipping options.

    Queries do not grow with the lines: lines, products, stock records, partners, sellers,
    villages and settings are fetched in a fixed number of queries.
    """
    lines = list(
        basket.all_lines()
    )  # Oscar prefetches product, stockrecord and partner; the seller comes next.
    sellers = sellers_by_partner(
        lines, "village__district__regency__province", "shipping", "payment"
    )
    groups: dict[int, Group] = {}
    orphans: list = []
    for line in lines:
        seller = sellers.get(line.stockrecord.partner_id) if line.stockrecord_id else None
        if seller is None:
            orphans.append(line)
            continue
        group = groups.setdefault(seller.pk, Group(seller=seller))
        group.lines.append(line)
        line.problem = ""
        permitted, reason = line.purchase_info.availability.is_purchase_permitted(line.quantity)
        if not seller.is_active:
            line.problem = _("Toko ini sedang tidak berjualan.")
        elif not permitted:
            line.problem = str(reason)
        if line.problem:
            group.problems.append(f"{line.product.get_title()}: {line.problem}")
    for group in groups.values():
        group.options = shipping_options(
            seller=group.seller,
            lines=group.lines,
            buyer_village=buyer_village,
            buyer_regency_code=buyer_regency_code,
        )
    result = list(groups.values())
    if orphans:
        # A product without a seller (staff's own test stock): shown and blocking.
        result.append(
            Group(
                seller=None,
                lines=orphans,
                problems=[_("Produk tanpa penjual tidak bisa dibeli.")],
            )
        )
    return result


def groups_signature(groups: list[Group]) -> str:
    """A digest of what the buyer is shown: every line's quantity and price and every
    shipping option's fee. Placing compares it with the page's, so that nobody is charged a
    price or fee they did not see (the seller changed a price, the buyer changed the village
    without pricing the courier again)."""
    import hashlib

    parts = []
    for group in groups:
        for line in group.lines:
            parts.append(f"l{line.pk}:{line.quantity}:{line.line_price_incl_tax}")
        for option in group.options:
            parts.append(f"o{group.key}:{option.code}:{option.fee}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def checkouts_for_user(*, user):
    return (
        Checkout.objects.filter(user=user)
        .prefetch_related("orders__seller__partner", "orders__lines")
        .order_by("-date_created")
    )


def checkout_by_token(*, token: str):
    if not token or len(token) > 64:
        return None
    return (
        Checkout.objects.filter(token=token)
        .prefetch_related("orders__seller__village", "orders__lines", "orders__status_changes")
        .first()
    )
