"""What the dashboard's filter forms share: dates within a calendar anyone means.

Oscar turns a filter's dates into the start and end of a day in the site's time zone
(``oscar.core.utils.datetime_combine``); 1 January of year 1, or 31 December 9999, then
falls off the calendar when converted to UTC (a server error). The orders' and reports'
filters (Oscar's, and the seller's own) take dates from ``DATE_MIN`` to ``DATE_MAX``.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

DATE_MIN = dt.date(2000, 1, 1)
DATE_MAX = dt.date(2099, 12, 31)


class DateBoundsMixin:
    """Every ``DateField`` of the form refuses dates before ``DATE_MIN`` or after ``DATE_MAX``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.DateField):
                field.validators.append(_date_within_bounds)


def _date_within_bounds(value: dt.date) -> None:
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(
            _("Pilih tanggal antara %(first)s dan %(last)s.")
            % {"first": date_format(DATE_MIN), "last": date_format(DATE_MAX)},
            code="date_out_of_range",
        )
