"""Loose side effects of catalogue changes."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from .selectors import MENU_CACHE_KEY

Category = get_model("catalogue", "Category")


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def category_menu_invalidate(sender, **kwargs):
    from search.indexing import version_bump_after_commit

    cache.delete(MENU_CACHE_KEY)
    # The category tree beside listings is cached under the search index's version.
    version_bump_after_commit()
