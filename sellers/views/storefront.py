"""The seller directory (/shops/) and storefronts (/shops/<slug>/), for buyers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import ListView

from catalogue.listing import ListingPaginationMixin
from catalogue.selectors import categories_top
from marketplace.pagecache import PageCacheMixin, shared_page_cache
from registry.models import District, Village
from search.views import ListingView, with_card_tokens

from .. import selectors


@dataclass
class DirectoryFilters:
    """The directory's filters as understood from the query string, and what was ignored."""

    district: District | None = None
    village: Village | None = None
    category: selectors.Category | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any((self.district, self.village, self.category))


#: What a Kemendagri code or a category slug can look like; anything else is not looked up.
_CODE = re.compile(r"^[0-9.]{2,20}$")
_SLUG = re.compile(r"^[-\w]{1,255}$")


def _param(query, name: str, pattern: re.Pattern) -> str | None:
    """The parameter, "" when absent, or None when it cannot be a code or slug at all (it
    is then never sent to the database: a NUL byte would be an error there)."""
    value = (query.get(name) or "").strip()
    if not value:
        return ""
    return value if pattern.match(value) else None


def directory_filters(query) -> DirectoryFilters:
    """Read ``district`` and ``village`` (Kemendagri codes) and ``category`` (a slug) from
    ``query``. A value that names nothing is ignored with a notice, never an error; so is a
    village outside the chosen district (a form sent without JavaScript keeps both)."""
    found = DirectoryFilters()
    if (code := _param(query, "district", _CODE)) != "":
        found.district = District.objects.filter(code=code).first() if code else None
        if found.district is None:
            found.notices.append(_("Kecamatan yang dipilih tidak dikenal: semua kecamatan."))
    if (code := _param(query, "village", _CODE)) != "":
        villages = Village.objects.select_related("district")
        found.village = villages.filter(code=code).first() if code else None
        if found.village is None:
            found.notices.append(_("Desa yang dipilih tidak dikenal: semua desa."))
        elif found.district and found.village.district_id != found.district.pk:
            found.notices.append(
                _("Desa %(village)s tidak berada di Kecamatan %(district)s: semua desa.")
                % {"village": found.village.name, "district": found.district.name}
            )
            found.village = None
    if (slug := _param(query, "category", _SLUG)) != "":
        categories = selectors.Category.objects.filter(is_public=True).order_by("path")
        found.category = categories.filter(slug=slug).first() if slug else None
        if found.category is None:
            found.notices.append(_("Kategori yang dipilih tidak dikenal: semua kategori."))
    return found


class ShopListView(PageCacheMixin, ListingPaginationMixin, ListView):
    """The seller directory at /shops/, filtered by district, village and category (shared
    by every visitor, with holes for what is their own: ``marketplace.pagecache``)."""

    template_name = "sellers/shop_list.html"
    context_object_name = "shops"

    @shared_page_cache("shops", params=("district", "village", "category", "page"))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def render_to_response(self, context, **kwargs):
        return with_card_tokens(self.request, super().render_to_response(context, **kwargs))

    def get_queryset(self):
        self.filters = directory_filters(self.request.GET)
        return selectors.shops_listed(
            district=self.filters.district,
            village=self.filters.village,
            category=self.filters.category,
        )

    def get_context_data(self, **kwargs):
        from search.indexing import version

        return super().get_context_data(
            # The filter form and the shop cards are cached under the index's version (a
            # seller's or category's change bumps it); the options are read only when the
            # form is rendered afresh.
            listing_version=version(),
            filters=self.filters,
            district_options=self._districts,
            village_options=self._villages,
            category_options=self._categories,
            **kwargs,
        )

    def _villages(self) -> list:
        filters = self.filters
        district = filters.district or (filters.village.district if filters.village else None)
        villages = list(selectors.villages_with_shops(district=district))
        if filters.village and filters.village not in villages:
            villages.insert(0, filters.village)
        return villages

    def _districts(self) -> list:
        districts = list(selectors.districts_with_shops())
        if self.filters.district and self.filters.district not in districts:
            districts.insert(0, self.filters.district)
        return districts

    def _categories(self) -> list:
        categories = list(categories_top())
        if self.filters.category and self.filters.category not in categories:
            categories.append(self.filters.category)
        return categories


def whatsapp_url(shop: selectors.Seller) -> str:
    """A wa.me link that opens a chat with the shop, with a greeting already typed."""
    digits = "".join(ch for ch in shop.whatsapp if ch in "0123456789")
    if not digits:
        return ""
    text = _(
        "Halo %(shop)s, saya melihat toko Anda di %(site)s dan ingin bertanya tentang produk Anda."
    ) % {"shop": shop.name, "site": settings.SITE_NAME}
    return f"https://wa.me/{digits}?text={quote(text, safe='')}"


class ShopDetailView(ListingView):
    """A storefront at /shops/<slug>/: the shop and its listed products, paginated, from
    the same listing machinery as the catalogue (the seller's facet fixed).

    A suspended shop keeps its page, which says it is temporarily closed and shows no
    products and no contact button: a suspension can be lifted, so its address (in buyers'
    order emails, shared links) should not break, but nothing can be bought there. Buyers
    see their orders from it in their account as before.
    """

    template_name = "sellers/shop_detail.html"
    facets = False
    hidden_facets = ("seller", "village", "district")

    def get(self, request, *args, **kwargs):
        self.shop = get_object_or_404(
            selectors.Seller.objects.select_related("partner", "village__district"),
            slug=self.kwargs["slug"],
        )
        return super().get(request, *args, **kwargs)

    def fixed_filters(self):
        return (("seller", str(self.shop.pk)),)

    def get_context_data(self, **kwargs):
        shop = self.shop
        context = {"shop": shop, "closed": not shop.is_active}
        if shop.is_active:
            context.update(
                badges=selectors.seller_badges(seller=shop),
                whatsapp_url=whatsapp_url(shop),
                shop_reviews=selectors.shop_reviews(seller=shop),
            )
            return super().get_context_data(**context, **kwargs)
        # Closed: no listing, but still the shared page's CSRF marker (PageCacheMixin).
        return PageCacheMixin.get_context_data(self, **context, **kwargs)
