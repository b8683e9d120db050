"""The "Kunci masuk" menu item of the back office (district staff)."""

from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_lockouts_viewset():
    from .backoffice import LockoutViewSet

    return LockoutViewSet()


@hooks.register("insert_global_admin_js")
def csp_init_script():
    """Starts the widgets and panels whose inline scripts the CSP forbids (csp-init.js)."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<script defer src="{}"></script>', static("js/csp-init.js"))
