import oscar.apps.checkout.apps as apps
from django.urls import path


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout replaced by one page per basket (``views.IndexView``): the basket's
    seller groups each choose shipping and payment, and placing makes one order per seller
    (``services.checkout_place``)."""

    name = "checkout"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import receivers, views

        post_migrate.connect(receivers.site_from_settings, sender=self)

        self.index_view = views.IndexView
        self.placed_view = views.PlacedView
        self.qris_view = views.QrisView
        self.cancel_view = views.OrderCancelView
        self.receipt_view = views.ReceiptView
        self.history_view = views.HistoryView
        self.card_pay_view = views.CardPayView
        self.card_return_view = views.CardReturnView
        self.card_switch_view = views.CardSwitchView

    def get_urls(self):
        from security.csp import stripe_allowed

        urls = [
            # Stripe.js is allowed on the card page only (security.csp).
            path(
                "pesanan/<str:token>/bayar/",
                stripe_allowed(self.card_pay_view.as_view()),
                name="card-pay",
            ),
            path(
                "pesanan/<str:token>/bayar/kembali/",
                self.card_return_view.as_view(),
                name="card-return",
            ),
            path(
                "pesanan/<str:token>/bayar/ganti/",
                self.card_switch_view.as_view(),
                name="card-switch",
            ),
            path("", self.index_view.as_view(), name="index"),
            path("riwayat/", self.history_view.as_view(), name="history"),
            path("pesanan/<str:token>/", self.placed_view.as_view(), name="placed"),
            path(
                "pesanan/<str:token>/<str:number>/qris.png", self.qris_view.as_view(), name="qris"
            ),
            path(
                "pesanan/<str:token>/<str:number>/batal/", self.cancel_view.as_view(), name="cancel"
            ),
            path(
                "pesanan/<str:token>/<str:number>/bukti-transfer/",
                self.receipt_view.as_view(),
                name="receipt",
            ),
        ]
        return self.post_process_urls(urls)
