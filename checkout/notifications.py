"""The emails and dashboard notices of buying, each sent once (``SentEmail`` keys).

Buyers read them in the language they shopped in, sellers in the site's language. Every
email has a text and an HTML part; links carry the site's address (``SITE_URL``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_model

from order import statuses
from payments.qris import rupiah
from payments.selectors import seller_payment

from .models import Checkout, SentEmail

Notification = get_model("communication", "Notification")
Order = get_model("order", "Order")


def site_url(path: str = "") -> str:
    base = (settings.SITE_URL or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return base + path


def whatsapp_link(number: str, text: str) -> str:
    """A ``wa.me`` link to ``number`` (E.164) with ``text`` prefilled."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"https://wa.me/{digits}?text={quote(text)}"


def _once(key: str) -> bool:
    """True the first time ``key`` is asked for (then it is recorded)."""
    try:
        with transaction.atomic():
            SentEmail.objects.create(key=key[:120])
    except IntegrityError:
        return False
    return True


def _send(*, key: str, to: str, template: str, context: dict, language: str) -> bool:
    if not to or not _once(key):
        return False
    with translation.override(language):
        context = {
            **context,
            "site_name": settings.SITE_NAME,
            "site_url": site_url(),
            "LANGUAGE_CODE": language,
        }
        subject = " ".join(
            render_to_string(f"checkout/email/{template}_subject.txt", context).split()
        )
        text = render_to_string(f"checkout/email/{template}.txt", context)
        html = render_to_string(f"checkout/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except OSError:
        SentEmail.objects.filter(key=key[:120]).delete()  # retried by the task
        raise
    return True


def _notice(*, key: str, user, subject: str, body: str) -> None:
    if user is not None and _once(key):
        Notification.objects.create(recipient=user, subject=subject, body=body)


def _seller_link(order) -> str:
    return site_url(reverse("dashboard:order-detail", kwargs={"number": order.number}))


def _buyer_link(checkout: Checkout) -> str:
    return site_url(reverse("checkout:placed", kwargs={"token": checkout.token}))


def checkout_placed(*, checkout_id: int) -> int:
    checkout = (
        Checkout.objects.filter(pk=checkout_id)
        .prefetch_related("orders__lines", "orders__seller__user", "orders__seller__village")
        .first()
    )
    if checkout is None:
        return 0
    # Every order placed by a checkout has its seller (the field is nullable for old ones).
    orders: list[Any] = list(checkout.orders.order_by("pk"))
    sent = 0
    context = {"checkout": checkout, "orders": orders, "link": _buyer_link(checkout)}
    with translation.override(checkout.language):
        for order in orders:
            order.pay = seller_payment(seller=order.seller)
            order.whatsapp_seller = whatsapp_link(
                order.seller.whatsapp,
                _("Halo %(shop)s, saya memesan %(number)s di %(site)s.")
                % {"shop": order.seller.name, "number": order.number, "site": settings.SITE_NAME},
            )
    sent += _send(
        key=f"placed:{checkout.pk}:buyer",
        to=checkout.email,
        template="placed_buyer",
        context=context,
        language=checkout.language,
    )
    for order in orders:
        seller = order.seller
        with translation.override(settings.LANGUAGE_CODE):
            wa = whatsapp_link(
                checkout.whatsapp,
                _("Halo %(name)s, pesanan %(number)s di %(shop)s sudah kami terima.")
                % {"name": checkout.recipient, "number": order.number, "shop": seller.name},
            )
            subject = _("Pesanan baru %(number)s") % {"number": order.number}
            count = sum(line.quantity for line in order.lines.all())
            body = ngettext(
                "%(name)s memesan %(count)s barang senilai %(total)s. WhatsApp pembeli: %(wa)s",
                "%(name)s memesan %(count)s barang senilai %(total)s. WhatsApp pembeli: %(wa)s",
                count,
            ) % {
                "name": checkout.recipient,
                "count": count,
                "total": rupiah(order.total_rupiah),
                "wa": wa,
            }
        _notice(key=f"placed:{order.pk}:notice", user=seller.user, subject=subject, body=body)
        sent += _send(
            key=f"placed:{order.pk}:seller",
            to=seller.user.email,
            template="placed_seller",
            context={
                "checkout": checkout,
                "order": order,
                "whatsapp": wa,
                "link": _seller_link(order),
            },
            language=settings.LANGUAGE_CODE,
        )
    return sent


def order_status(*, order_id: int, status: str, role: str) -> int:
    order = Order.objects.filter(pk=order_id).select_related("checkout", "seller__user").first()
    if order is None or order.checkout is None:
        return 0
    checkout = order.checkout
    sent = 0
    context = {
        "checkout": checkout,
        "order": order,
        "status": status,
        "link": _buyer_link(checkout),
    }
    # A card payment is told to the buyer once for the whole checkout (``card_paid``).
    if role not in ("buyer", "card"):
        sent += _send(
            key=f"status:{order.pk}:{status}:buyer",
            to=checkout.email,
            template="status_buyer",
            context=context,
            language=checkout.language,
        )
    if role != "seller" and status in (statuses.CANCELLED, statuses.PAID):
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Pesanan %(number)s %(status)s") % {
                "number": order.number,
                "status": statuses.status_label(status).lower(),
            }
        _notice(
            key=f"status:{order.pk}:{status}:notice",
            user=order.seller.user,
            subject=subject,
            body=order.cancel_reason,
        )
        sent += _send(
            key=f"status:{order.pk}:{status}:seller",
            to=order.seller.user.email,
            template="status_seller",
            context={
                **context,
                "link": _seller_link(order),
            },
            language=settings.LANGUAGE_CODE,
        )
    return sent


def receipt_uploaded(*, receipt_id: int) -> int:
    """The seller's dashboard notice and email that the buyer sent a transfer receipt."""
    from payments.models import TransferReceipt

    receipt = (
        TransferReceipt.objects.filter(pk=receipt_id)
        .select_related("order__checkout", "order__seller__user")
        .first()
    )
    if receipt is None or receipt.order.seller is None or receipt.order.checkout is None:
        return 0
    order = receipt.order
    seller = receipt.order.seller
    link = _seller_link(order)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Bukti transfer untuk pesanan %(number)s") % {"number": order.number}
        body = _(
            "Pembeli mengirim bukti transfer. Periksa rekening Anda, lalu konfirmasi: %(link)s"
        ) % {"link": link}
    _notice(key=f"receipt:{receipt.pk}:notice", user=seller.user, subject=subject, body=body)
    return int(
        _send(
            key=f"receipt:{receipt.pk}:seller",
            to=seller.user.email,
            template="receipt_seller",
            context={"checkout": order.checkout, "order": order, "link": link},
            language=settings.LANGUAGE_CODE,
        )
    )


def card_paid(*, checkout_id: int) -> int:
    """The buyer's one email that the card payment of the whole checkout arrived."""
    checkout = Checkout.objects.filter(pk=checkout_id).first()
    if checkout is None:
        return 0
    payment = getattr(checkout, "card_payment", None)
    if payment is None or payment.paid_at is None:
        return 0
    return int(
        _send(
            key=f"cardpaid:{checkout.pk}:buyer",
            to=checkout.email,
            template="card_paid_buyer",
            context={
                "checkout": checkout,
                "orders": list(checkout.orders.select_related("seller").order_by("number")),
                "amount": payment.amount,
                "link": _buyer_link(checkout),
            },
            language=checkout.language,
        )
    )


def card_refunded(*, refund_id: int) -> int:
    """The buyer's email that money of an order went back to their card."""
    from payments.models import CardRefund

    refund = (
        CardRefund.objects.filter(pk=refund_id)
        .select_related("order__seller", "card_payment__checkout")
        .first()
    )
    if refund is None or refund.status != CardRefund.Status.SUCCEEDED:
        return 0
    checkout = refund.card_payment.checkout
    return int(
        _send(
            key=f"cardrefund:{refund.pk}:buyer",
            to=checkout.email,
            template="card_refund_buyer",
            context={
                "checkout": checkout,
                "order": refund.order,
                "refund": refund,
                "link": _buyer_link(checkout),
            },
            language=checkout.language,
        )
    )
