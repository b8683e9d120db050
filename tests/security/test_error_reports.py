"""Error reports never carry a NIK or a password, whichever view failed."""

from django.test import RequestFactory
from django.views.debug import ExceptionReporter

NIK = "3510014101900001"
#: Built, so that the source lines the report quotes do not hold it.
PASSWORD = "rahasia" + "-sekali"


def test_error_report_hides_nik_and_password_fields(settings):
    settings.DEBUG = False
    request = RequestFactory().post(
        "/shops/apply/",
        {"nik": NIK, "password1": PASSWORD, "shop_name": "Kopi Lereng"},
    )
    try:
        raise ValueError("boom")
    except ValueError as error:
        reporter = ExceptionReporter(request, type(error), error, error.__traceback__)
        html = reporter.get_traceback_html()
        text = reporter.get_traceback_text()

    for report in (html, text):
        assert NIK not in report
        assert PASSWORD not in report
        assert "Kopi Lereng" in report
