"""The basket page by seller: ``{% basket_by_seller formset as groups %}``."""

from __future__ import annotations

from django import template
from oscar.core.loading import get_model

register = template.Library()

Seller = get_model("sellers", "Seller")


@register.simple_tag
def basket_by_seller(formset) -> list[dict]:
    """The basket formset's forms grouped by the seller of each line (in the order the
    buyer added them), with the shop, its village and the group's subtotal. One query."""
    forms = list(formset)
    partner_ids = {f.instance.stockrecord.partner_id for f in forms if f.instance.stockrecord_id}
    sellers = {
        s.partner_id: s
        for s in Seller.objects.filter(partner_id__in=partner_ids).select_related(
            "village__district", "partner"
        )
    }
    groups: dict = {}
    for form in forms:
        line = form.instance
        seller = sellers.get(line.stockrecord.partner_id) if line.stockrecord_id else None
        group = groups.setdefault(
            seller.pk if seller else 0, {"seller": seller, "forms": [], "subtotal": 0}
        )
        group["forms"].append(form)
        group["subtotal"] += int(line.line_price_incl_tax or 0)
    return list(groups.values())
