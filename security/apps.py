from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Guardrails of the whole site: sign-in throttling and lockouts, the
    Content-Security-Policy, and personal data kept out of URLs, logs and error reports."""

    name = "security"
    verbose_name = _("Keamanan")

    def ready(self):
        from .pii import log_handlers_mask
        from .upstream import fixes_apply

        fixes_apply()

        # Libraries that add their own log handler when imported (haystack) come after
        # LOGGING: their handlers mask personal data too.
        log_handlers_mask()
