"""Error reports that never carry a NIK or a password.

Django hides POST parameters from error reports (the debug page, the emails to ``ADMINS``)
only for views decorated with ``sensitive_post_parameters``. Any form that takes a NIK
(applications, the registry, the back office's NIK checks) would have to remember it; this
filter hides such fields on every request instead.
"""

from __future__ import annotations

import re

from django.views.debug import SafeExceptionReporterFilter


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
