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


@register.filter
def tenths(value) -> str:
    """A rating kept in tenths (``45``) as the buyer reads it: ``4,5`` (``4.5`` in English)."""
    from django.utils.formats import number_format

    try:
        return number_format(int(value) / 10, 1)
    except (TypeError, ValueError):
        return ""
