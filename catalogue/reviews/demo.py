"""Demo reviews: the demo buyer's first completed order reviewed (the shop and its
products) with the seller's reply; the other completed order is left for whoever tries
the demo to review."""

from __future__ import annotations

from oscar.core.loading import get_model

from order import statuses

from .models import SellerReview
from .services import ReviewInput, review_reply, review_save

Order = get_model("order", "Order")

SHOP_REVIEW = (
    5,
    "Penjualnya cepat membalas WhatsApp, pesanan siap diambil di balai desa sesuai janji. "
    "Kemasannya rapi dan diberi nama.",
)
PRODUCT_REVIEW = (4, "Sesuai foto dan deskripsi. Untuk oleh-oleh keluarga di Surabaya, pas.")
REPLY = "Matur nuwun, Bu Siti! Semoga keluarganya suka. Ditunggu pesanan berikutnya."


def reviews_ensure(*, buyer) -> int:
    """Review the buyer's oldest completed order once; returns the reviews written."""
    order = (
        Order.objects.filter(user=buyer, status=statuses.COMPLETED, seller__isnull=False)
        .select_related("seller")
        .order_by("pk")
        .first()
    )
    if order is None or SellerReview.objects.filter(order=order).exists():
        return 0
    review = review_save(
        user=buyer, order=order, target=order.seller, data=ReviewInput(*SHOP_REVIEW)
    )
    made = 1
    for line in order.lines.select_related("product"):
        if line.product is not None:
            review_save(
                user=buyer, order=order, target=line.product, data=ReviewInput(*PRODUCT_REVIEW)
            )
            made += 1
    review_reply(review=review, user=order.seller.user, text=REPLY)
    return made
