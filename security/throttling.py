"""Throttling of sign-in, password reset and registration.

Sign-in goes through django-axes on every login form (the site's, the seller dashboard's,
the back office's and Django admin's), because they all call ``authenticate()``. Failures
are counted per account and per address, each with its own limit: an account locks after
``LOGIN_FAILURES_PER_ACCOUNT`` failures from anywhere; an address after
``LOGIN_FAILURES_PER_ADDRESS`` failures for any accounts (higher, because a village hall PC
or a mobile carrier's NAT puts many people behind one address). A lock lasts
``LOGIN_COOLOFF``; staff can lift it earlier in the back office ("Keamanan" menu). Failures
during a lock do not extend it: otherwise anyone could keep the staff account locked.

Password reset and registration send email and create accounts rather than check a
password, so axes does not see them; ``FormThrottleMiddleware`` counts their submissions
in the cache (django-ratelimit), per address and, for resets, per email address.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.views import PasswordResetView
from django.db.models import Q, Sum
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

#: The longest stored account name (axes' field is 255 characters).
USERNAME_MAX = 255


def client_ip(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or, behind ``TRUSTED_PROXY_COUNT`` proxies,
    the address the outermost trusted proxy saw (never a client-supplied header)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "0.0.0.0"


def login_account(request, credentials) -> str:
    """The account a sign-in names, one name per account whichever form was used.

    The site's form takes an email address, the back office a user name: "staf" on
    /cms/login/ and "staf@dinas.test" on /accounts/login/ count against one account.
    A name no account has counts as typed (lowercased), so a lock looks the same
    whether or not the account exists.
    """
    typed = ""
    for source in (credentials or {}, getattr(request, "POST", {}) or {}):
        value = source.get("username") or source.get("email")
        if value:
            typed = str(value)
            break
    typed = typed.strip()[:USERNAME_MAX]
    if not typed:
        return ""
    User = get_user_model()
    user = (
        User.objects.filter(Q(username__iexact=typed) | Q(email__iexact=typed))
        .order_by("pk")
        .only("username")
        .first()
    )
    return user.get_username() if user else typed.lower()


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per account and a higher one per address.

    Axes applies one limit (``AXES_FAILURE_LIMIT``, set to the account limit) to the
    largest count of its lockout parameters (``["username", "ip_address"]``, in that
    order). The address's failures are scaled to the account limit before they compete.
    """

    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        scaled = math.floor(
            by_address * settings.LOGIN_FAILURES_PER_ACCOUNT / settings.LOGIN_FAILURES_PER_ADDRESS
        )
        return max(by_account, scaled)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked sign-in gets (429), in the user's language."""
    return render(
        request,
        "security/throttled.html",
        {
            "title": _("Terlalu banyak percobaan masuk"),
            "message": _(
                "Demi keamanan, masuk dengan akun ini atau dari alamat ini dikunci sementara "
                "setelah beberapa kali kata sandi salah."
            ),
            "minutes": math.ceil(settings.LOGIN_COOLOFF.total_seconds() / 60),
            "show_password_reset": True,
        },
        status=429,
    )


@dataclass(frozen=True)
class FormRate:
    """A limit on one kind of form submission: ``rate`` per ``key`` (django-ratelimit)."""

    group: str
    key: str
    rate: str


def _is_registration(view_class, request) -> bool:
    from oscar.apps.customer.views import AccountAuthView, AccountRegistrationView

    if issubclass(view_class, AccountRegistrationView):
        return True
    return issubclass(view_class, AccountAuthView) and "registration_submit" in request.POST


def _email_key(group, request) -> str:
    return str(request.POST.get("email", "")).strip().lower()[:USERNAME_MAX]


def _address_key(group, request) -> str:
    return client_ip(request)


class FormThrottleMiddleware:
    """Limits password-reset and registration submissions (POST) of every such view:
    Django's ``PasswordResetView`` and its subclasses (the site's, the back office's),
    and Oscar's registration (its own page and the sign-in page's registration form); and,
    per address, placing a checkout and sending transfer receipts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def rates_for(self, view_class, request) -> list[FormRate]:
        if issubclass(view_class, PasswordResetView):
            return [
                FormRate("password-reset-address", "address", settings.PASSWORD_RESET_RATE),
                FormRate("password-reset-email", "email", settings.PASSWORD_RESET_EMAIL_RATE),
            ]
        if _is_registration(view_class, request):
            return [FormRate("registration-address", "address", settings.REGISTRATION_RATE)]
        from checkout.views import IndexView, ReceiptView

        if issubclass(view_class, IndexView) and request.POST.get("action") == "place":
            # Placing holds stock: a script placing unpaid orders would empty shops.
            return [FormRate("checkout-place-address", "address", settings.CHECKOUT_PLACE_RATE)]
        if issubclass(view_class, ReceiptView):
            return [FormRate("checkout-receipt-address", "address", settings.CHECKOUT_RECEIPT_RATE)]
        return []

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "view_class", None)
        if request.method != "POST" or view_class is None:
            return None
        keys = {"address": _address_key, "email": _email_key}
        limited = False
        for rate in self.rates_for(view_class, request):
            if rate.key == "email" and not _email_key(rate.group, request):
                continue
            # Every submission counts, also once limited: a stream of them stays limited.
            limited |= is_ratelimited(
                request, group=rate.group, key=keys[rate.key], rate=rate.rate, increment=True
            )
        if not limited:
            return None
        return render(
            request,
            "security/throttled.html",
            {
                "title": _("Terlalu banyak permintaan"),
                "message": _(
                    "Formulir ini sudah terlalu sering dikirim dari alamat ini atau untuk "
                    "email ini. Tunggu sebentar sebelum mencoba lagi."
                ),
                "show_password_reset": False,
            },
            status=429,
        )
