"""Stars and reviewer names as a buyer reads them: ``{{ 4.3|stars }}`` gives ★★★★☆ with
the figure for screen readers; ``{{ review|reviewer }}`` a first name and an initial;
``as_stars`` (Oscar's CSS class) that takes any text without failing."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

STAR_CLASSES = {0: "", 1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}


@register.filter
def as_stars(value):
    """The CSS class for a rating between 0 and 5 (a number or its text); "" otherwise."""
    try:
        stars = round(float(value or 0))
    except (TypeError, ValueError, OverflowError):
        return ""
    return STAR_CLASSES.get(stars, "")


@register.filter
def stars(value) -> str:
    try:
        score = float(value)
        full = max(0, min(5, round(score)))
    except (TypeError, ValueError, OverflowError):
        return ""
    label = _("%(score)s dari 5 bintang") % {"score": number_format(round(score, 1), 1)}
    return format_html(
        '<span class="stars" role="img" aria-label="{}">{}<span class="off">{}</span></span>',
        label,
        "★" * full,
        "★" * (5 - full),
    )


@register.filter
def reviewer(review) -> str:
    """The reviewer as other buyers see them: "Sari W.", never an email address."""
    user = getattr(review, "user", None)
    if user is None:
        return _("Pembeli")
    first = (user.first_name or "").strip()
    last = (user.last_name or "").strip()
    if not first:
        return _("Pembeli")
    return f"{first} {last[:1]}." if last else first


@register.filter
def percent_of(part, whole) -> int:
    try:
        return round(100 * int(part) / int(whole)) if int(whole) else 0
    except (TypeError, ValueError):
        return 0
