"""The basket page by seller: ``{% basket_by_seller formset as groups %}``."""

from __future__ import annotations

from django import template

from checkout.selectors import sellers_by_partner

register = template.Library()


@register.simple_tag
def basket_by_seller(formset) -> list[dict]:
    """The basket formset's forms grouped by the seller of each line (in the order the
    buyer added them), with the shop, its village and the group's subtotal. One query."""
    forms = list(formset)
    sellers = sellers_by_partner([form.instance for form in forms], "village__district")
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
