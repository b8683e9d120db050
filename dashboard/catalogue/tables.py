"""The seller's product table: price and stock at their own shop, and whether the site
shows each product (and if not, why)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tables2 import A, Column, TemplateColumn
from oscar.apps.dashboard.tables import DashboardTable
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

Product = get_model("catalogue", "Product")


def _labelled(label) -> dict:
    """Cell attributes naming the column, shown beside the value when a row is a card."""
    return {"td": {"data-label": label}}


class SellerProductTable(DashboardTable):
    checkbox = TemplateColumn(
        verbose_name="", template_name="oscar/dashboard/catalogue/product_row_checkbox.html"
    )
    title = TemplateColumn(
        verbose_name=_("Nama produk"),
        template_name="oscar/dashboard/catalogue/product_row_title.html",
        order_by="title",
        accessor=A("title"),
    )
    image = TemplateColumn(
        verbose_name=_("Foto"),
        template_name="oscar/dashboard/catalogue/product_row_image.html",
        orderable=False,
    )
    price = Column(
        verbose_name=_("Harga"), empty_values=(), orderable=False, attrs=_labelled(_("Harga"))
    )
    stock = Column(
        verbose_name=_("Stok"), empty_values=(), orderable=False, attrs=_labelled(_("Stok"))
    )
    listed = Column(
        verbose_name=_("Tampil di situs"),
        empty_values=(),
        orderable=False,
        attrs=_labelled(_("Tampil di situs")),
    )
    actions = TemplateColumn(
        verbose_name=_("Tindakan"),
        template_name="oscar/dashboard/catalogue/product_row_actions.html",
        orderable=False,
    )

    icon = "fas fa-sitemap"

    class Meta(DashboardTable.Meta):
        model = Product
        fields = ()
        # On a phone each row is a card (static/css/dashboard.css), not a wide table.
        attrs = {"class": "table table-striped table-bordered table-stack"}
        sequence = ("checkbox", "title", "image", "price", "stock", "listed", "actions")
        order_by = "-date_updated"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: Set by the view: the seller's partner, and product pk → why it is not listed.
        self.partner = None
        self.unlisted: dict[int, str] = {}

    def _stockrecord(self, record):
        for stockrecord in record.stockrecords.all():
            if stockrecord.partner_id == getattr(self.partner, "pk", None):
                return stockrecord
        return None

    def render_price(self, record):
        stockrecord = self._stockrecord(record)
        if stockrecord is None or stockrecord.price is None:
            return "—"
        return currency(stockrecord.price, stockrecord.price_currency)

    def render_stock(self, record):
        stockrecord = self._stockrecord(record)
        if stockrecord is None:
            return "—"
        if stockrecord.net_stock_level <= 0:
            return format_html('<span class="badge badge-warning">{}</span>', _("Habis"))
        return stockrecord.net_stock_level

    def render_listed(self, record):
        reason = self.unlisted.get(record.pk)
        if reason is None:
            return format_html('<span class="badge badge-success">{}</span>', _("Tampil"))
        return format_html(
            '<span class="badge badge-secondary">{}</span> <small>{}</small>',
            _("Tidak tampil"),
            reason,
        )
