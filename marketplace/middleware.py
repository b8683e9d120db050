"""Site-wide middleware."""

from urllib.parse import unquote_plus, urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from .pii import IDENTITY_RUN


class LanguageMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the user picked another language with the header's switch.

    Django's own middleware follows the browser's Accept-Language, which on many phones
    and shared village-hall PCs says English although the user reads Indonesian first;
    the choice is the user's, kept in the language cookie.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


class IdentityNumbersOutOfUrlsMiddleware:
    """No page is served at an address whose query string holds a NIK or KK number.

    The site never builds such an address (identity numbers are searched by POST), but a
    user can type one into any search box that sends by GET, or into the address bar.
    The request is sent back to the same page without those parameters (so the number
    goes no further: not into the page's links, its export links or its forms) and told
    why. The request's own log line is masked by the logging filter (``marketplace.pii``).
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
