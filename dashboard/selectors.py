"""Reads for the seller dashboard: the seller's own products, orders, lines and figures.

A seller sees only what is theirs. A product is theirs when every stock record of it is
their shop's (a product another shop also stocks is managed by staff alone, so that no
seller renames or deletes what another sells). An order is theirs to see when it has at
least one of their lines, and then only those lines: totals, quantities and searches are
computed over the seller's lines, never over the whole order.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import (
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from sellers.choices import DOCUMENT_BADGES, DocumentKind
from sellers.models import Seller
from sellers.selectors import products_listed, seller_missing_documents

Line = get_model("order", "Line")
Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockAlert = get_model("partner", "StockAlert")
StockRecord = get_model("partner", "StockRecord")


def seller_for_dashboard(user) -> Seller | None:
    """The shop whose dashboard ``user`` sees; ``None`` for anyone who is not a seller."""
    if not user.is_authenticated:
        return None
    return (
        Seller.objects.select_related("partner")
        .filter(user=user, partner__users=user)
        .order_by("pk")
        .first()
    )


def products_owned(*, partner) -> QuerySet:
    """Stand-alone products stocked by ``partner`` and by no other partner."""
    return Product.objects.filter(structure=Product.STANDALONE).filter(
        Exists(StockRecord.objects.filter(product=OuterRef("pk"), partner=partner)),
        ~Exists(StockRecord.objects.filter(product=OuterRef("pk")).exclude(partner=partner)),
    )


def stock_alerts_for_partner(*, partner) -> QuerySet:
    return StockAlert.objects.filter(stockrecord__partner=partner).select_related(
        "stockrecord__product"
    )


def lines_for_partner(*, partner, order=None) -> QuerySet:
    lines = Line.objects.filter(partner=partner)
    if order is not None:
        lines = lines.filter(order=order)
    return lines.order_by("pk")


def orders_for_partner(*, partner) -> QuerySet:
    """Orders with at least one of ``partner``'s lines, each annotated with the seller's own
    part: ``seller_total`` (incl. tax), ``seller_items`` (quantity) and ``seller_lines``."""
    own = Line.objects.filter(order=OuterRef("pk"), partner=partner).order_by()
    money = DecimalField(max_digits=12, decimal_places=2)

    def own_sum(expression, output_field):
        return Coalesce(
            Subquery(
                own.values("order").annotate(total=Sum(expression)).values("total")[:1],
                output_field=output_field,
            ),
            Value(0, output_field=output_field),
        )

    return (
        Order.objects.filter(Exists(own))
        .select_related("shipping_address", "shipping_address__country")
        .annotate(
            seller_total=own_sum("line_price_incl_tax", money),
            seller_items=own_sum("quantity", IntegerField()),
        )
    )


def orders_search(
    orders: QuerySet,
    *,
    partner,
    number: str = "",
    product_title: str = "",
    name: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    status: str = "",
) -> QuerySet:
    """Narrow a seller's orders; filters on lines look only at the seller's own lines, so a
    search never reveals what else an order contains."""
    if number:
        orders = orders.filter(number__istartswith=number)
    own = Line.objects.filter(order=OuterRef("pk"), partner=partner)
    if product_title:
        orders = orders.filter(Exists(own.filter(title__icontains=product_title)))
    if status:
        orders = orders.filter(status=status)
    if name:
        orders = orders.filter(
            Q(shipping_address__first_name__icontains=name)
            | Q(shipping_address__last_name__icontains=name)
        )
    if date_from:
        orders = orders.filter(date_placed__date__gte=date_from)
    if date_to:
        orders = orders.filter(date_placed__date__lte=date_to)
    return orders


def seller_dashboard_stats(*, seller: Seller) -> dict:
    """The figures on a seller's dashboard home page, all over the seller's own lines."""
    partner = seller.partner
    owned = products_owned(partner=partner)
    lines = Line.objects.filter(partner=partner)
    since = timezone.now() - dt.timedelta(hours=24)
    orders = Order.objects.filter(Exists(lines.filter(order=OuterRef("pk"))))
    revenue = lines.aggregate(total=Sum("line_price_incl_tax"))["total"] or Decimal(0)
    revenue_day = lines.filter(order__date_placed__gte=since).aggregate(
        total=Sum("line_price_incl_tax")
    )["total"] or Decimal(0)
    return {
        "total_products": owned.count(),
        "total_products_listed": products_listed(owned, partner=partner).count(),
        "total_open_stock_alerts": stock_alerts_for_partner(partner=partner)
        .filter(status=StockAlert.OPEN)
        .count(),
        "total_orders": orders.count(),
        "total_orders_last_day": orders.filter(date_placed__gte=since).count(),
        "total_lines": lines.count(),
        "total_revenue": revenue,
        "total_revenue_last_day": revenue_day,
    }


def _kind_label(kind: str) -> str:
    return str(DOCUMENT_BADGES.get(DocumentKind(kind)) or DocumentKind(kind).label)


def seller_document_notices(*, seller: Seller) -> list[str]:
    """Which of the seller's products a missing or expired document keeps off the site,
    in words the seller can act on."""
    notices = []
    for missing in seller_missing_documents(seller=seller):
        values = {
            "categories": ", ".join(c.name for c in missing["categories"]),
            "document": _kind_label(missing["kind"]),
        }
        if missing["pending"]:
            notice = _(
                "Produk di kategori %(categories)s belum tampil: %(document)s yang Anda unggah "
                "sedang diperiksa staf dinas."
            )
        else:
            notice = _(
                "Produk di kategori %(categories)s tidak tampil: unggah %(document)s yang "
                "masih berlaku."
            )
        notices.append(notice % values)
    return notices


def products_unlisted_reasons(*, seller: Seller, products) -> dict[int, str]:
    """For each of ``products`` (the seller's) that the site does not show, why not."""
    pks = [p.pk for p in products]
    if not pks:
        return {}
    listed = set(
        products_listed(Product.objects.filter(pk__in=pks), partner=seller.partner).values_list(
            "pk", flat=True
        )
    )
    hidden = [p for p in products if p.pk not in listed]
    if not hidden:
        return {}
    missing = seller_missing_documents(seller=seller)
    needs: dict[int, dict] = {}
    for item in missing:
        condition = Q()
        for category in item["categories"]:
            condition |= Q(category__path__startswith=category.path)
        for pk in ProductCategory.objects.filter(condition, product__in=pks).values_list(
            "product_id", flat=True
        ):
            needs.setdefault(pk, item)
    reasons = {}
    for product in hidden:
        if not seller.is_active:
            reasons[product.pk] = _("Toko ditangguhkan")
        elif not product.is_public:
            reasons[product.pk] = _("Disembunyikan oleh Anda")
        elif product.pk in needs:
            item = needs[product.pk]
            if item["pending"]:
                reason = _("Menunggu pemeriksaan %(document)s oleh staf dinas")
            else:
                reason = _("Perlu %(document)s yang masih berlaku")
            reasons[product.pk] = reason % {"document": _kind_label(item["kind"])}
        else:
            reasons[product.pk] = _("Tidak tampil")
    return reasons
