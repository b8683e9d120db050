"""The search and browse form: words, a sort order and facet filters, all optional and
forgiving.

A search box must never answer "invalid": a long query is cut, control characters are
dropped, an unknown sort order falls back to relevance, and a filter that is not one of
the facets' values (an unknown name, a non-number id, a made-up price range) is ignored.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .backends import FACETS
from .text import PRICE_LABELS, terms

MAX_QUERY_LENGTH = 200
MAX_ID_DIGITS = 10
#: Ids are 32-bit in the database and in Elasticsearch's mapping.
MAX_ID = 2_147_483_647

SORT_LABELS = {
    "relevancy": _("Paling sesuai"),
    "newest": _("Terbaru"),
    "best-selling": _("Terlaris"),
    "price-asc": _("Harga terendah"),
    "price-desc": _("Harga tertinggi"),
    "rating": _("Ulasan terbaik"),
}


def _valid(name: str, value: str) -> bool:
    if name in ("category", "district", "village", "seller"):
        return (
            value.isascii()
            and value.isdigit()
            and 0 < len(value) <= MAX_ID_DIGITS
            and 0 < int(value) <= MAX_ID
        )
    if name == "price":
        return value in PRICE_LABELS
    if name == "rating":
        return value == "4"  # 4 stars or more
    return value == "1"  # halal, pickup


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cari"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Cari produk")}),
    )
    sort_by = forms.ChoiceField(
        label=_("Urutkan"), required=False, choices=list(SORT_LABELS.items())
    )

    @property
    def query(self) -> str:
        raw = self.data.get("q", "") if self.is_bound else ""
        text = "".join(ch if ch.isprintable() else " " for ch in str(raw))
        return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(terms(self.query))

    @property
    def sort(self) -> str:
        value = self.data.get("sort_by", "") if self.is_bound else ""
        return value if value in SORT_LABELS else ""

    @property
    def filters(self) -> tuple[tuple[str, str], ...]:
        """The valid facet filters, one value per facet, in the facets' order."""
        if not self.is_bound:
            return ()
        chosen = []
        for name in FACETS:
            value = str(self.data.get(name, "")).strip()
            if value and _valid(name, value):
                if name not in ("price", "rating", "halal", "pickup"):
                    value = value.lstrip("0")
                if value:
                    chosen.append((name, value))
        return tuple(chosen)
