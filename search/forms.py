"""The search and browse form: a query and a sort order, both optional and forgiving.

A search box must never answer "invalid": a long query is cut, control characters are
dropped, and an unknown sort order falls back to relevance.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import SORT_ORDERS

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cari"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Cari produk")}),
    )
    sort_by = forms.ChoiceField(
        label=_("Urutkan"),
        required=False,
        choices=[(key, label) for key, (label, _ordering) in SORT_ORDERS.items()],
    )

    @property
    def query(self) -> str:
        raw = self.data.get("q", "") if self.is_bound else ""
        text = "".join(ch if ch.isprintable() else " " for ch in str(raw))
        return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()

    @property
    def sort(self) -> str:
        value = self.data.get("sort_by", "") if self.is_bound else ""
        return value if value in SORT_ORDERS else ""
