"""Whole public pages rendered once and shared by every visitor, with holes for what is
each visitor's own.

A product page, a listing or the shop directory is the same for every visitor in the same
language, except for a few small parts: the header's basket count and account menu, the
flash messages, and on a product page the stock-alert form, the "write a review" link, the
"back to the results" link (from the visitor's Referer) and the recently viewed products.
Templates draw those parts with ``{% hole "name" %}`` (``marketplace/templatetags/holes.py``).
``shared_page_cache`` renders such a page once, with a marker in each hole, stores it, and
serves it to every visitor with the holes filled in for them (``HOLES``: one small function
per hole, with only the request to go on). Two more things are put back per visitor:

- the CSRF token: a shared page is rendered with the ``CARD_CSRF`` marker as the token
  (``csrf_token`` in the context), which ``search.views.card_tokens_fill`` replaces with
  the visitor's own token; the page is stored with the marker back;
- the CSP nonce: the rendering request's nonce is replaced by ``NONCE_MARK`` before the
  page is stored, and by the visitor's own nonce when it is served.

A stored page is keyed by the search index's version (bumped by every index write, and at
once by a change of a seller, a product, a category, a village or district, or a Wagtail
publish: see ``search.receivers``), the day in the site's time zone (a document that
expires at midnight takes its products off the next day's pages), the language, the host
and the full path. A stored page never holds a CSRF token other than the marker.

Staff (who also see unlisted products), previews, POSTs, query strings with parameters the
page does not read, and a visitor whose page is their own after all (``personal``) are
rendered as usual, with the holes drawn in place by the same functions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import cache as memoized
from functools import wraps
from urllib.parse import parse_qsl, urlencode

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string

#: Stands for the visitor's CSP nonce in a stored page.
NONCE_MARK = b"<page-csp-nonce>"
#: How long a stored page lives at most (a version bump retires it sooner).
TIMEOUT = 600
#: The holes a shared page may have, by name: ``function(request, **params) -> str``.
HOLES = {
    "messages": "marketplace.holes.messages",
    "basket_link": "marketplace.holes.basket_link",
    "account_menu": "marketplace.holes.account_menu",
    "stock_alert": "catalogue.holes.stock_alert",
    "review_link": "catalogue.holes.review_link",
    "recently_viewed": "catalogue.holes.recently_viewed",
    "back_button": "catalogue.holes.back_button",
}
#: A hole's marker in a stored page. No visitor's text can produce it: autoescaping turns
#: the "<" of any user text into "&lt;".
_HOLE = re.compile(rb"<page-hole:([a-z_]+)\?([^>]*)>")


def hole_marker(name: str, params: dict) -> str:
    if name not in HOLES:
        raise ValueError(f"unknown page hole {name!r}")
    return f"<page-hole:{name}?{urlencode(params)}>"


@memoized
def _hole(name: str) -> Callable[..., str]:
    return import_string(HOLES[name])


def hole_render(name: str, request, params: dict) -> str:
    """The hole drawn for ``request``; a hole that appears twice on a page (the review
    link under the title and under the reviews) is drawn once."""
    drawn = getattr(request, "_holes_drawn", None)
    if drawn is None:
        drawn = {}
        if request is not None:
            request._holes_drawn = drawn
    memo = (name, tuple(sorted((k, str(v)) for k, v in params.items())))
    if memo not in drawn:
        drawn[memo] = _hole(name)(request, **params)
    return drawn[memo]


def holes_fill(request, content: bytes) -> bytes:
    def fill(match: re.Match) -> bytes:
        name = match.group(1).decode()
        params = dict(parse_qsl(match.group(2).decode()))
        return hole_render(name, request, params).encode()

    return _HOLE.sub(fill, content)


def shareable(request, params: tuple[str, ...] | None = None) -> bool:
    """Whether the request may get the shared page (and is worth storing: a query string
    with parameters the page does not read is rendered, not stored, so made-up parameters
    cannot fill the cache)."""
    if request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
        return False  # a preview (Wagtail's) shows a draft: never shared
    if params is not None and any(name not in params for name in request.GET):
        return False
    return not request.user.is_staff


def key(request, name: str) -> str:
    from search.indexing import version

    path = request.get_host() + request.get_full_path()
    digest = hashlib.blake2b(path.encode(), digest_size=16).hexdigest()
    day = timezone.localdate().isoformat()
    return f"page:{name}:{version()}:{day}:{request.LANGUAGE_CODE}:{digest}"


def _nonce(request) -> str | None:
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce is not None else None


#: A form's token in a page, whatever it is: a stored page may only hold the marker.
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]*)"')


def _store(request, cache_key: str, response) -> None:
    from search.views import CARD_CSRF

    content = response.content
    # The token card_tokens_fill put in (it runs first: the view added it as it rendered).
    token = getattr(response, "card_token", None)
    if token:
        content = content.replace(token.encode(), CARD_CSRF.encode())
    if any(found != CARD_CSRF.encode() for found in _TOKEN.findall(content)):
        return  # a page drawn with this visitor's own token (not through PageCacheMixin)
    nonce = _nonce(request)
    if nonce:
        content = content.replace(nonce.encode(), NONCE_MARK)
    cache.set(cache_key, {"content": content, "type": response.get("Content-Type")}, TIMEOUT)


def _fill(request, response):
    request.page_shared = False  # whatever renders next (an error page) fills its own holes
    response.content = holes_fill(request, response.content)
    return response


def _served(request, stored: dict) -> HttpResponse:
    from search.views import card_tokens_fill

    content = stored["content"]
    if NONCE_MARK in content:
        content = content.replace(NONCE_MARK, (_nonce(request) or "").encode())
    response = HttpResponse(content, content_type=stored["type"])
    response._request = request  # type: ignore[attr-defined]
    return _fill(request, card_tokens_fill(response))


def shared_page_cache(
    name: str,
    *,
    params: tuple[str, ...] | None = None,
    personal: Callable[..., bool] | None = None,
    served: Callable[..., None] | None = None,
) -> Callable:
    """Decorate a view's ``get`` (it takes ``self``: no ``method_decorator`` needed).

    The view's own ``get`` still runs for a miss, and must render ``csrf_token`` as
    ``CARD_CSRF`` when ``request.page_shared`` is set (``PageCacheMixin`` does); a response
    that is not a rendered 200 page is never stored. ``params`` names the query parameters
    the page reads (others are not stored); ``personal(request, **kwargs)`` says when
    this visitor's page is their own after all (it is then rendered as usual);
    ``served(view, request, response, **kwargs)`` does for a stored copy what the view
    does to its own responses (a cookie).

    A page is stored the second time it is asked for within ``TIMEOUT``: a query nobody
    repeats (a made-up search, a bot's page number) leaves a small mark, not a page.
    """

    def decorate(get: Callable) -> Callable:
        @wraps(get)
        def wrapped(view, request, *args, **kwargs):
            if not shareable(request, params) or (
                personal is not None and personal(request, **kwargs)
            ):
                return get(view, request, *args, **kwargs)
            cache_key = key(request, name)
            stored = cache.get(cache_key)
            if stored is not None:
                response = _served(request, stored)
                if served is not None:
                    served(view, request, response, **kwargs)
                return response
            if cache.add(cache_key + ":seen", 1, TIMEOUT):
                return get(view, request, *args, **kwargs)  # the first time: not stored yet
            request.page_shared = True
            try:
                response = get(view, request, *args, **kwargs)
            except BaseException:
                request.page_shared = False  # the 404 page draws its holes in place
                raise
            if not hasattr(response, "add_post_render_callback"):
                request.page_shared = False  # a redirect: nothing rendered
            else:
                if response.status_code == 200:
                    response.add_post_render_callback(
                        lambda rendered: _store(request, cache_key, rendered)
                    )
                response.add_post_render_callback(lambda rendered: _fill(request, rendered))
            return response

        return wrapped

    return decorate


class PageCacheMixin:
    """For a view whose ``get`` is wrapped by ``shared_page_cache``: a page rendered to be
    shared carries the CSRF marker instead of this visitor's token."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        return shared_context(self.request, context)  # type: ignore[attr-defined]


def shared_context(request, context: dict) -> dict:
    """``context`` for a page rendered to be shared: the CSRF marker instead of this
    visitor's token (views use ``PageCacheMixin``; Wagtail pages call this)."""
    if getattr(request, "page_shared", False):
        from search.views import CARD_CSRF

        context["csrf_token"] = CARD_CSRF
    return context
