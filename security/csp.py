"""The Content-Security-Policy (django-csp): the site itself by default, nonces for inline
scripts, and other hosts only where a page needs them.

``CONTENT_SECURITY_POLICY`` in the settings is the policy of every page. Two additions
depend on the page:

- the back offices (Wagtail at /cms/, Django admin, the dashboard) style elements with
  inline ``style`` attributes throughout their own templates, and Wagtail's rich-text
  editor (Draftail) adds ``<style>`` elements of its own: they get inline styles
  (``style-src-elem 'self' 'unsafe-inline'``, ``style-src-attr 'unsafe-inline'``).
  Scripts stay as strict there as everywhere: no inline script without the nonce;
- the card-payment page loads Stripe.js: ``stripe_allowed`` adds Stripe's hosts to that
  page's policy, and only when card payment is configured.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

#: Hosts Stripe.js needs (https://docs.stripe.com/security/guide#content-security-policy).
STRIPE_POLICY = {
    "script-src": ["https://js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
}


def _merge(first: dict | None, second: dict) -> dict:
    merged = {key: list(value) for key, value in (first or {}).items()}
    for key, values in second.items():
        merged.setdefault(key, [])
        merged[key] += [value for value in values if value not in merged[key]]
    return merged


def stripe_allowed(view: Callable) -> Callable:
    """Let the page load Stripe.js when ``STRIPE_PUBLISHABLE_KEY`` is set (else unchanged)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        response = view(*args, **kwargs)
        if settings.STRIPE_PUBLISHABLE_KEY:
            response._csp_update = _merge(getattr(response, "_csp_update", None), STRIPE_POLICY)
        return response

    return wrapped


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the back offices' inline styles allowed."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(tuple(settings.CSP_BACK_OFFICE_PREFIXES)):
            parts.update = _merge(
                parts.update,
                {"style-src-elem": [SELF, UNSAFE_INLINE], "style-src-attr": [UNSAFE_INLINE]},
            )
        return parts
