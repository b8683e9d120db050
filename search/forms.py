"""The search and browse forms: a query and a sort order, both optional."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import SORT_ORDERS


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cari"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Cari produk")}),
    )
    sort_by = forms.ChoiceField(
        label=_("Urutkan"),
        required=False,
        choices=[(key, label) for key, (label, _ordering) in SORT_ORDERS.items()],
    )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    @property
    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

    @property
    def sort(self) -> str:
        return (self.cleaned_data.get("sort_by") or "") if self.is_valid() else ""


BrowseCategoryForm = SearchForm
CategoryForm = SearchForm
