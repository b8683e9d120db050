"""Where a village is, in words: ``{{ village|village_place }}`` → "Desa Sarongan, Kec.
Pesanggaran" (English: "Sarongan village, Pesanggaran district")."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def village_place(village) -> str:
    if not village:
        return ""
    return _("%(village)s, Kec. %(district)s") % {
        "village": village,
        "district": village.district.name,
    }
