"""The buyer's review form (one part per shop and product of an order), the seller's reply
and staff's reason for hiding."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.images import ProductImageField

from .models import SCORES
from .services import BODY_MAX


class ReviewPartForm(forms.Form):
    """One thing to review: stars, words, a photo. Left empty, it is skipped."""

    score = forms.TypedChoiceField(
        label=_("Nilai"),
        choices=SCORES,
        coerce=int,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "stars"}),
    )
    body = forms.CharField(
        label=_("Ulasan"),
        required=False,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = ProductImageField(label=_("Foto (boleh dikosongkan)"), required=False)

    def __init__(self, *args, target=None, review=None, seller: bool = False, **kwargs):
        self.target = target
        self.review = review
        self.for_seller = seller
        if review is not None:
            kwargs.setdefault("initial", {"score": review.score, "body": review.body})
        super().__init__(*args, **kwargs)
        if seller:
            self.fields["body"].label = _("Pengalaman Anda dengan toko ini")

    @property
    def filled(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("score") or data.get("body") or data.get("photo"))

    def clean(self):
        data = super().clean()
        if (data.get("body") or data.get("photo")) and not data.get("score"):
            self.add_error("score", _("Pilih nilai 1 sampai 5 bintang."))
        if self.for_seller and data.get("score") and not (data.get("body") or "").strip():
            self.add_error("body", _("Tuliskan pengalaman Anda dengan toko ini."))
        return data


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Balasan Anda (tampil untuk semua pembeli, hanya sekali)"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan (dikirim ke pengulas)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
