"""Oscar's catalogue with the fields UMKM goods need: weight, unit, and the document a
category requires of its sellers (processed food needs PIRT)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractCategory, AbstractProduct

from sellers.choices import DocumentKind

from . import slugs
from .reviews.ratings import Rated


class Unit(models.TextChoices):
    PCS = "pcs", _("pcs")
    PACK = "pack", _("pak")
    KG = "kg", _("kg")
    GRAM = "gram", _("gram")
    LITER = "liter", _("liter")
    BOTTLE = "botol", _("botol")
    SHEET = "lembar", _("lembar")
    SET = "set", _("set")


class Product(Rated, AbstractProduct):
    weight_grams = models.PositiveIntegerField(
        _("Berat (gram)"),
        null=True,
        blank=True,
        help_text=_("Berat kirim per satuan, termasuk kemasan."),
    )
    unit = models.CharField(_("Satuan"), max_length=10, choices=Unit.choices, default=Unit.PCS)

    def is_review_permitted(self, user):
        """Only a signed-in buyer whose order of this product is complete reviews it, once
        (Oscar lets anyone, anonymous visitors included): the rule of the review pages."""
        from .reviews.services import order_to_review

        return order_to_review(user=user, product_id=self.pk) is not None


class Category(AbstractCategory):
    required_document = models.CharField(
        _("Dokumen wajib penjual"),
        max_length=10,
        choices=DocumentKind.choices,
        blank=True,
        help_text=_(
            "Produk di kategori ini (dan subkategorinya) hanya tampil bila penjualnya "
            "memiliki dokumen ini yang masih berlaku."
        ),
    )

    def _get_absolute_url(self, parent_slug=None):
        """Oscar's category address, also while the category is shown again with an
        invalid edit (its slug then empty, which made the page a server error). The
        category page finds a category by its id, and redirects to its real address."""
        parts = self.get_full_slug(parent_slug=parent_slug).split(self._slug_separator)
        full_slug = self._slug_separator.join(part or slugs.FALLBACK for part in parts)
        return reverse("catalogue:category", kwargs={"category_slug": full_slug, "pk": self.pk})


from oscar.apps.catalogue.models import *  # noqa: E402,F401,F403
