"""Seller test data: approved shops (Oscar partner + seller profile + owner with dashboard
access) in real Banyuwangi villages."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils.text import slugify
from oscar.core.loading import get_model

from registry.models import Village
from sellers.choices import DocumentStatus
from sellers.models import Seller, SellerDocument
from sellers.services import dashboard_access_grant
from tests.registry.factories import villages

Partner = get_model("partner", "Partner")


def village_default() -> Village:
    return Village.objects.filter(code="35.10.01.2001").first() or villages()[0]


def seller_create(
    *,
    name: str = "Kopi Lereng Ijen",
    partner=None,
    village: Village | None = None,
    email: str | None = None,
    status: str = Seller.Status.ACTIVE,
    **fields,
) -> Seller:
    """An approved seller whose owner can log into the dashboard (password ``rahasia-123``)."""
    partner = partner or Partner.objects.get_or_create(name=name)[0]
    existing = Seller.objects.filter(partner=partner).first()
    if existing:
        return existing
    slug = slugify(partner.name)[:70] or f"toko-{partner.pk}"
    if Seller.objects.filter(slug=slug).exists():
        slug = f"{slug}-{partner.pk}"
    user = get_user_model().objects.create_user(
        username=slug[:150],
        email=email or f"{slug}@penjual.test",
        password="rahasia-123",
    )
    partner.users.add(user)
    dashboard_access_grant(user)
    fields.setdefault("whatsapp", "+6281234567890")
    return Seller.objects.create(
        partner=partner,
        user=user,
        slug=slug,
        village=village or village_default(),
        status=status,
        **fields,
    )


def document_create(
    *,
    seller: Seller,
    kind: str = "pirt",
    expires_on: dt.date | None = None,
    number: str = "P-IRT 2063510010001-27",
    status: str = DocumentStatus.VERIFIED,
) -> SellerDocument:
    """A document of the shop, verified by staff unless ``status`` says otherwise."""
    return SellerDocument.objects.create(
        seller=seller,
        kind=kind,
        number=number,
        status=status,
        expires_on=expires_on or dt.date.today() + dt.timedelta(days=365),
        file=ContentFile(b"%PDF-1.4\n%test\n", name="pirt.pdf"),
    )
