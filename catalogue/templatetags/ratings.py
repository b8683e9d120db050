"""``as_stars`` that takes what a form gives back.

The review form shows the score the buyer picked with ``form.score.value|as_stars``: on a
form sent back with an error that value is the posted text ("3", or anything at all), which
Oscar's filter passes to ``round()`` and fails on (a server error). The review form loads
this library after Oscar's ``reviews_tags``, so its ``as_stars`` is this one.
"""

from django import template

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
