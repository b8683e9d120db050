"""Writes to the Wagtail page tree."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from .models import HomePage, LearningIndexPage


@transaction.atomic
def site_pages_ensure(*, site_name: str) -> tuple[HomePage, LearningIndexPage]:
    """Make a HomePage the default site's root, with the learning centre at /learn/.

    Idempotent. Wagtail's own "Welcome" placeholder page, if still there, is removed.
    """
    root = _root_page()
    home = HomePage.objects.first()
    if home is None:
        welcome = (
            root.get_children().filter(slug="home").exclude(content_type__model="homepage").first()
        )
        if welcome is not None:
            # Wagtail's placeholder holds the slug "home"; free it before adding ours.
            Site.objects.filter(root_page=welcome).delete()
            welcome.delete()
            root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(
                title=site_name,
                slug="home",
                intro="Produk desa, langsung dari UMKM Banyuwangi.",
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=site_name,
        )
    elif site.root_page_id != home.pk or site.site_name != site_name:
        site.root_page = home
        site.site_name = site_name
        site.save()
    learning = LearningIndexPage.objects.first()
    if learning is None:
        learning = home.add_child(
            instance=LearningIndexPage(
                title="Belajar",
                slug="learn",
                intro="<p>Pelatihan dan literasi keuangan untuk UMKM desa: QRIS, KUR, "
                "pembukuan, dan berjualan online.</p>",
            )
        )
    return home, learning


def _root_page() -> Page:
    """Wagtail's tree root, recreated if a flush removed what its migrations made."""
    root = Page.get_first_root_node()
    if root is not None:
        return root
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.add_root(
        instance=Page(
            title="Root",
            slug="root",
            content_type=ContentType.objects.get_for_model(Page),
            locale=locale,
        )
    )
