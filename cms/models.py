"""Wagtail pages: the home page and the learning centre."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from catalogue import selectors as catalogue_selectors
from marketplace.pagecache import shared_context, shared_page_cache
from search.selectors import products_newest
from search.views import CARD_CSRF, with_card_tokens


class HomePage(Page):
    """The site's front page: a welcome, the categories and the newest products."""

    intro = models.CharField(_("sambutan"), max_length=255, blank=True)
    body = RichTextField(_("isi"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("beranda")

    # Shared by every visitor (marketplace.pagecache); publishing any page retires it
    # (cms/receivers.py), as does any change of the listing (the newest products).
    @shared_page_cache("home", params=())
    def serve(self, request, *args, **kwargs):
        return with_card_tokens(request, super().serve(request, *args, **kwargs))

    def get_context(self, request, *args, **kwargs):
        context = shared_context(request, super().get_context(request, *args, **kwargs))
        context["categories"] = catalogue_selectors.categories_menu()
        context["products"] = products_newest(limit=12)
        context["card_csrf"] = CARD_CSRF
        context["learning"] = LearningIndexPage.objects.live().first()
        return context


class LearningIndexPage(Page):
    """The learning centre (/learn/): trainings and financial-literacy articles."""

    intro = RichTextField(_("pengantar"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = _("pusat belajar")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = (
            ArticlePage.objects.child_of(self).live().order_by("-first_published_at")
        )
        return context


class ArticlePage(Page):
    """A learning-centre article: QRIS, KUR loans, bookkeeping, selling online."""

    summary = models.CharField(_("ringkasan"), max_length=255, blank=True)
    body = RichTextField(_("isi"))

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.LearningIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("artikel")
