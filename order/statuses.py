"""The life of a seller's order, and what each step is called.

The stored values are the Indonesian words the database has always held (Oscar keeps an
order's status as free text); what a reader sees goes through :func:`status_label`, so an
English reader reads English. The pipeline in settings (``OSCAR_ORDER_STATUS_PIPELINE``)
lists every step that may follow another; :mod:`order.services` decides which of them a
seller or a buyer may take on a given order.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AWAITING_PAYMENT = "Menunggu pembayaran"
PAID = "Dibayar"
PREPARING = "Diproses"
SHIPPED = "Dikirim"
READY_FOR_PICKUP = "Siap diambil"
COMPLETED = "Selesai"
CANCELLED = "Dibatalkan"
REFUNDED = "Dikembalikan"
#: Orders placed before checkout split orders per seller started here.
LEGACY_NEW = "Baru"

LABELS = {
    AWAITING_PAYMENT: _("Menunggu pembayaran"),
    PAID: _("Sudah dibayar"),
    PREPARING: _("Sedang disiapkan"),
    SHIPPED: _("Dikirim"),
    READY_FOR_PICKUP: _("Siap diambil"),
    COMPLETED: _("Selesai"),
    CANCELLED: _("Dibatalkan"),
    REFUNDED: _("Dana dikembalikan"),
    LEGACY_NEW: _("Baru"),
}

#: What a seller's button says for moving an order to a status.
ACTIONS = {
    PAID: _("Konfirmasi pembayaran diterima"),
    PREPARING: _("Mulai siapkan pesanan"),
    SHIPPED: _("Tandai sudah dikirim"),
    READY_FOR_PICKUP: _("Tandai siap diambil"),
    COMPLETED: _("Tandai selesai"),
    CANCELLED: _("Batalkan pesanan"),
}

#: Statuses in which the order still holds its stock and may still be cancelled.
OPEN = (AWAITING_PAYMENT, PAID, PREPARING, LEGACY_NEW)
#: Final statuses: nothing follows.
FINAL = (COMPLETED, CANCELLED, REFUNDED)


def status_label(status: str) -> str:
    return str(LABELS.get(status, status))
