"""The URL map. Oscar owns /catalogue/, /basket/, /checkout/, /accounts/, /search/,
/dashboard/; Wagtail serves / and every page below it (/learn/ ...) last."""

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls


def media(request, path):
    """Serve an uploaded file from MEDIA_ROOT as it is now (tests move it per run)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("shops/", include("sellers.urls")),
    path("accounts/resident/", include("registry.urls")),
    path("payments/", include("payments.urls")),
    # The home page is Wagtail's; Oscar's own "home" redirect is shadowed by it.
    path("", wagtail_views.serve, {"path": ""}, name="wagtail_home"),
    path("", include(apps.get_app_config("oscar").urls[0])),  # type: ignore[attr-defined]
]

if settings.DJANGO_ADMIN_ENABLED:
    # Django's own admin edits every table raw; staff work in /cms/ and /dashboard/, so it
    # is off unless a deployment asks for it (one more sign-in form, one more surface).
    urlpatterns.insert(1, path("django-admin/", admin.site.urls))

if settings.SERVE_MEDIA:
    # Uploaded media from local disk, for the demo and small installs; large ones serve
    # MEDIA_ROOT from the web server or use S3-compatible storage.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", media),
    ]

urlpatterns += [path("", include(wagtail_urls))]
