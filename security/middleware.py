"""Site-wide guards on what a request carries: no identity number in a query string, no
``next`` that leads off the site."""

from urllib.parse import unquote_plus, urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.defaults import bad_request

from partner.models import OutOfStock

from .pii import IDENTITY_RUN


class IdentityNumbersOutOfUrlsMiddleware:
    """No page is served at an address whose query string holds a NIK or KK number.

    The site never builds such an address (identity numbers are searched by POST), but a
    user can type one into any search box that sends by GET, or into the address bar.
    The request is sent back to the same page without those parameters (so the number
    goes no further: not into the page's links, its export links or its forms) and told
    why. The request's own log line is masked by the logging filter (``security.pii``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("QUERY_STRING") and IDENTITY_RUN.search(
            unquote_plus(request.META["QUERY_STRING"])
        ):
            return self.without_identity_numbers(request)
        return self.get_response(request)

    def without_identity_numbers(self, request):
        kept = [
            (name, value)
            for name, values in request.GET.lists()
            for value in values
            if not IDENTITY_RUN.search(name) and not IDENTITY_RUN.search(value)
        ]
        messages.warning(
            request,
            _(
                "Demi perlindungan data pribadi, NIK dan nomor KK tidak dikirim lewat alamat "
                "halaman. Cari nomor itu lewat kotak pencarian di halaman daftar penduduk atau "
                "kartu keluarga."
            ),
        )
        query = urlencode(kept)
        return HttpResponseRedirect(request.path + (f"?{query}" if query else ""), status=303)


class LocalNextOnlyMiddleware:
    """A ``next`` parameter (where to go after a form) must be a path on this site.

    Views hand ``next`` to ``redirect()``, which takes a value without a slash for a URL
    name to look up: ``?next=abc`` made Wagtail's lock, unlock and edit views fail with a
    server error, and a full URL to another host is what an open redirect is made of (the
    views check that one; not all of them the other). Any other value is dropped before a
    view sees it, as if none had been given.
    """

    PARAMETERS = ("next",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = self.cleaned(request, request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = self.cleaned(request, request.POST)
        return self.get_response(request)

    def cleaned(self, request, query):
        unsafe = [
            name
            for name in self.PARAMETERS
            if name in query
            and not all(self.is_local(request, value) for value in query.getlist(name))
        ]
        if not unsafe:
            return query
        query = query.copy()
        for name in unsafe:
            del query[name]
        query._mutable = False
        return query

    @staticmethod
    def is_local(request, value: str) -> bool:
        return (
            value.startswith("/")
            and not value.startswith("//")
            and "\x00" not in value
            and url_has_allowed_host_and_scheme(
                value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
        )


class RefusedInputMiddleware:
    """Two kinds of error that are the request's fault, whichever view raised them, get an
    answer instead of a server error:

    - ``ProtectedError``/``RestrictedError``: deleting something other rows still need (a
      seller's account or shop, a resident in the NIK access log). Nothing was deleted;
      the user is sent back with what still uses it. Wagtail's and Oscar's delete views
      check only some of these references themselves.
    - ``MultiValueDictKeyError``: a view read a field the request did not send, and
      ``ValidationError`` that no form caught (a formset's hidden id that is not a number,
      in Wagtail's workflow editor): a form taken apart by hand. The answer is 400 Bad
      Request, with a page that says nothing was changed.

    And one that is nobody's fault: ``OutOfStock`` from placing an order whose last unit
    another buyer took a moment earlier. The order's transaction has rolled back; the buyer
    goes back to the basket with "stok habis".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (ProtectedError, RestrictedError)):
            kinds = sorted(
                {str(capfirst(obj._meta.verbose_name)) for obj in exception.args[1]}
                if len(exception.args) > 1
                else set()
            )
            messages.error(
                request,
                _("Data ini tidak bisa dihapus karena masih dipakai: %(kinds)s.")
                % {"kinds": ", ".join(kinds)},
            )
            return HttpResponseRedirect(request.get_full_path(), status=303)
        if isinstance(exception, (MultiValueDictKeyError, ValidationError)):
            return bad_request(request, exception)
        if isinstance(exception, OutOfStock):
            messages.error(
                request,
                _(
                    "Stok habis: %(product)s baru saja dibeli pembeli lain. Pesanan belum "
                    "dibuat; ubah jumlahnya atau hapus dari keranjang."
                )
                % {"product": exception.stockrecord.product.get_title()},
            )
            return HttpResponseRedirect(reverse("basket:summary"), status=303)
        return None
