from django import template

from payments.qris import rupiah as _rupiah

register = template.Library()


@register.filter
def rupiah(amount) -> str:
    """``15000`` as ``Rp15.000``."""
    try:
        return _rupiah(int(amount))
    except (TypeError, ValueError):
        return ""
