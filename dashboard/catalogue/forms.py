"""The product form a seller fills in: what a village shop needs to sell a thing, no more."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import forms as oscar_forms
from oscar.core.loading import get_model

from catalogue.images import ProductImageField
from catalogue.models import Unit

from .services import MAX_IMAGES, ProductInput

Category = get_model("catalogue", "Category")
ProductImage = get_model("catalogue", "ProductImage")

#: New photos one save may add (one file field each: works without JavaScript).
NEW_IMAGE_SLOTS = 3
MAX_PRICE = 1_000_000_000
MAX_STOCK = 1_000_000

_RUPIAH = re.compile(r"^(?:rp\.?\s*)?(\d{1,3}(?:([.,])\d{3})?(?:\2\d{3})*|\d+)$", re.IGNORECASE)


class RupiahField(forms.CharField):
    """Whole Rupiah, written as people write them: ``15000``, ``15.000``, ``Rp15.000``."""

    default_error_messages = {
        "invalid": _("Tulis harga dalam Rupiah tanpa sen, misalnya 15000 atau 15.000."),
        "min_value": _("Harga paling rendah Rp%(limit)s."),
        "max_value": _("Harga paling tinggi Rp%(limit)s."),
    }

    def __init__(self, *, min_value: int = 100, max_value: int = MAX_PRICE, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int | float) or hasattr(value, "to_integral_value"):
            return str(int(value))
        return value

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        match = _RUPIAH.match(value.replace(" ", ""))
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        amount = int(re.sub(r"\D", "", match.group(1)))
        if amount < self.min_value:
            raise forms.ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit": f"{self.min_value:,}".replace(",", ".")},
            )
        if amount > self.max_value:
            raise forms.ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": f"{self.max_value:,}".replace(",", ".")},
            )
        return amount


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class SellerProductForm(forms.Form):
    """A seller's product: title, description, category, price, stock, weight, unit and
    photos. The stock record always belongs to the seller's shop; there is nothing to
    choose about the partner or the product type."""

    title = forms.CharField(label=_("Nama produk"), max_length=255)
    description = forms.CharField(
        label=_("Deskripsi"),
        required=False,
        max_length=5000,
        # Plain text (the storefront shows it escaped): no rich-text editor from Oscar's JS.
        widget=forms.Textarea(attrs={"rows": 5, "class": "no-widget-init"}),
    )
    category = CategoryChoiceField(
        label=_("Kategori"),
        queryset=Category.objects.order_by("path"),
        empty_label=_("-- Pilih kategori --"),
    )
    price = RupiahField(label=_("Harga (Rp)"))
    num_in_stock = forms.IntegerField(label=_("Stok"), min_value=0, max_value=MAX_STOCK)
    weight_grams = forms.IntegerField(
        label=_("Berat kirim (gram)"),
        min_value=1,
        max_value=1_000_000,
        help_text=_("Berat per satuan, termasuk kemasan."),
    )
    unit = forms.ChoiceField(label=_("Satuan"), choices=Unit.choices, initial=Unit.PCS)
    partner_sku = forms.CharField(
        label=_("Kode produk (opsional)"),
        required=False,
        max_length=64,
        help_text=_("Kosongkan untuk dibuat otomatis."),
    )
    is_public = forms.BooleanField(label=_("Tampilkan di toko"), required=False, initial=True)
    images_remove = forms.ModelMultipleChoiceField(
        label=_("Hapus foto"),
        queryset=ProductImage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, product=None, **kwargs):
        self.product = product
        super().__init__(*args, **kwargs)
        if product is not None and product.pk:
            self.fields["images_remove"].queryset = product.images.all()
        else:
            del self.fields["images_remove"]
        for n in range(1, NEW_IMAGE_SLOTS + 1):
            self.fields[f"image_{n}"] = ProductImageField(
                label=_("Foto %(n)d") % {"n": n},
                required=False,
                help_text=_("JPEG, PNG atau WebP, paling besar 8 MB.") if n == 1 else "",
            )

    @property
    def image_fields(self):
        return [self[f"image_{n}"] for n in range(1, NEW_IMAGE_SLOTS + 1)]

    @property
    def detail_fields(self):
        return [self[name] for name in self.fields if not name.startswith("image")]

    def clean(self):
        cleaned = super().clean()
        saved = self.product is not None and self.product.pk
        existing = self.product.images.count() if saved else 0
        removing = len(cleaned.get("images_remove") or [])
        if existing - removing + len(self.images_add()) > MAX_IMAGES:
            raise forms.ValidationError(
                _("Satu produk paling banyak memiliki %(max)d foto."), params={"max": MAX_IMAGES}
            )
        return cleaned

    def images_add(self) -> list:
        cleaned = getattr(self, "cleaned_data", {})
        return [
            cleaned[f"image_{n}"]
            for n in range(1, NEW_IMAGE_SLOTS + 1)
            if cleaned.get(f"image_{n}")
        ]

    def product_input(self) -> ProductInput:
        data = self.cleaned_data
        return ProductInput(
            title=data["title"],
            description=data["description"],
            category=data["category"],
            price=data["price"],
            num_in_stock=data["num_in_stock"],
            weight_grams=data["weight_grams"],
            unit=data["unit"],
            partner_sku=data["partner_sku"],
            is_public=data["is_public"],
        )

    @classmethod
    def initial_for(cls, *, product, stockrecord) -> dict:
        category = product.categories.order_by("path").first()
        return {
            "title": product.title,
            "description": product.description,
            "category": category,
            "price": stockrecord.price if stockrecord and stockrecord.price is not None else None,
            "num_in_stock": stockrecord.num_in_stock if stockrecord else 0,
            "weight_grams": product.weight_grams,
            "unit": product.unit,
            "partner_sku": stockrecord.partner_sku if stockrecord else "",
            "is_public": product.is_public,
        }


class ProductImageForm(oscar_forms.ProductImageForm):
    """Oscar's photo form on staff's product page: photos are checked and cleaned like a
    seller's (``catalogue.images``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        original = self.fields["original"]
        self.fields["original"] = ProductImageField(
            label=original.label, required=original.required, widget=original.widget
        )
