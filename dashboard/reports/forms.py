from oscar.apps.dashboard.reports import forms as oscar_forms

from ..forms import DateBoundsMixin


class ReportForm(DateBoundsMixin, oscar_forms.ReportForm):
    """Oscar's report form, with its dates within bounds (``dashboard.forms``)."""
