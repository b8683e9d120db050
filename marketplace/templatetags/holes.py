"""``{% hole "name" param=value %}``: a part of a page that is each visitor's own (see
``marketplace.pagecache``). On a page rendered to be shared it leaves a marker that is
filled in for every visitor; on any other page it draws the part in place, with the same
function."""

from django import template
from django.utils.safestring import mark_safe

from marketplace.pagecache import hole_marker, hole_render

register = template.Library()


@register.simple_tag(takes_context=True)
def hole(context, name: str, **params) -> str:
    request = context.get("request")
    if request is not None and getattr(request, "page_shared", False):
        return mark_safe(hole_marker(name, params))
    return mark_safe(hole_render(name, request, params))
