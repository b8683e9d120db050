"""Publishing retires what is cached from pages: the shared home page
(``marketplace.pagecache``) and the product search results, which link matching
learning-centre pages. Both are keyed by the search index's version."""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from search.indexing import version_bump_after_commit


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    version_bump_after_commit()


@receiver(post_delete, sender=Page)
def page_deleted(sender, instance, **kwargs):
    version_bump_after_commit()
