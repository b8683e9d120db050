"""Error reports that never carry a NIK, a KK number or a password.

Django hides POST parameters from error reports (the debug page, the emails to ``ADMINS``)
only for views decorated with ``sensitive_post_parameters``. Any form that takes a NIK
(applications, the registry, the back office's NIK checks) would have to remember it; this
filter hides such fields on every request instead. A number can still reach a report
elsewhere: in a query string, a path, a referrer, or a local variable of the failing frame;
the reporter masks every 16-digit run in the finished report, whatever part holds it.
"""

from __future__ import annotations

import re

from django.views.debug import ExceptionReporter as DjangoExceptionReporter
from django.views.debug import SafeExceptionReporterFilter

from .pii import identity_numbers_mask


class ReporterFilter(SafeExceptionReporterFilter):
    #: POST fields whose values never appear in an error report.
    sensitive_post = re.compile(r"nik|no_kk|kk_number|pass|secret|token|key", flags=re.I)

    def get_post_parameters(self, request):
        parameters = super().get_post_parameters(request)
        if request is None or not parameters:
            return parameters
        hidden = [name for name in parameters if self.sensitive_post.search(name)]
        if not hidden:
            return parameters
        parameters = parameters.copy()
        for name in hidden:
            parameters[name] = self.cleansed_substitute
        return parameters


class ExceptionReporter(DjangoExceptionReporter):
    """Django's report (debug page, error email), with identity numbers masked throughout."""

    def get_traceback_html(self):
        return identity_numbers_mask(str(super().get_traceback_html()))

    def get_traceback_text(self):
        return identity_numbers_mask(str(super().get_traceback_text()))
