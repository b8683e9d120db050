"""No identity number reaches a log line or an error report: every handler masks them."""

from __future__ import annotations

import io
import logging

import pytest
from django.core import mail
from django.test import RequestFactory
from django.views.debug import technical_500_response

from security.pii import PiiFilter, identity_numbers_mask, log_handlers

NIK = "3510014101900001"
KK = "3510010101200003"


def _handlers():
    for name, handler in log_handlers():
        if type(handler).__module__.startswith("_pytest"):
            continue  # pytest's own capture, not the site's
        if isinstance(handler, logging.NullHandler):
            continue  # libraries' "no output unless configured": writes nothing
        yield name, handler


def test_every_log_handler_masks_personal_data():
    handlers = list(_handlers())
    names = {name for name, _ in handlers}
    assert {"root", "django", "django.server"} <= names
    unfiltered = [
        f"{name}: {type(handler).__name__}"
        for name, handler in handlers
        if not any(isinstance(f, PiiFilter) for f in handler.filters)
    ]
    assert unfiltered == []


@pytest.mark.parametrize(
    "typed",
    [
        NIK,
        "3510 0141 0190 0001",
        "3510+0141+0190+0001",
        "3510%200141%200190%200001",
        "3510-0141-0190-0001",
        "9999999999999999",  # no NIK structure, still somebody's number
    ],
)
def test_the_development_servers_request_line_is_masked(typed):
    handler = logging.getLogger("django.server").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        logging.getLogger("django.server").info(
            '"%s" %s %s', f"GET /cms/registry/residents/?q={typed} HTTP/1.1", "200", "5120"
        )
    finally:
        handler.setStream(previous)
    line = stream.getvalue()
    digits = "".join(ch for ch in typed.replace("%20", "") if ch.isdigit())
    assert "/cms/registry/residents/?q=" in line and '" 200 5120' in line
    assert digits not in "".join(ch for ch in line if ch.isdigit() or ch == "*")
    assert digits[:4] + "********" + digits[12:] in line


def test_masking_leaves_other_numbers_alone():
    text = "order 100023 Rp1.500.000 at 2026-12-01 12:00:00, id 99999999999999999999"
    assert identity_numbers_mask(text) == text


def test_a_traceback_in_the_log_is_masked(caplog):
    handler = logging.getLogger().handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        try:
            raise ValueError(f"no resident with NIK {NIK} in KK {KK}")
        except ValueError:
            logging.getLogger("django.request").exception("Internal Server Error: /x/?nik=%s", NIK)
    finally:
        handler.setStream(previous)
    output = stream.getvalue()
    assert "ValueError" in output and "Internal Server Error" in output
    assert NIK not in output and KK not in output


def _failing_request():
    request = RequestFactory().get(
        f"/cms/registry/residents/?q={NIK}", HTTP_REFERER=f"http://testserver/?kk={KK}"
    )
    nik_in_a_local = NIK  # noqa: F841 - the report quotes the frame's variables
    try:
        raise LookupError(f"resident {KK}")
    except LookupError as error:
        return request, error


def test_the_debug_page_masks_identity_numbers(settings):
    settings.DEBUG = True
    request, error = _failing_request()
    response = technical_500_response(request, type(error), error, error.__traceback__)
    html = response.content.decode()
    assert "LookupError" in html and "/cms/registry/residents/" in html
    assert NIK not in html and KK not in html
    assert "3510********0001" in html


def test_the_error_email_to_admins_masks_identity_numbers(settings):
    settings.DEBUG = False
    settings.ADMINS = [("Admin", "admin@dinas.test")]
    request, error = _failing_request()
    logger = logging.getLogger("django.request")
    try:
        raise error
    except LookupError:
        logger.error(
            "Internal Server Error: %s", request.get_full_path(), exc_info=True,
            extra={"status_code": 500, "request": request},
        )  # fmt: skip
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "/cms/registry/residents/" in message.subject + message.body
    for part in (message.subject, message.body, *(a[0] for a in message.alternatives)):
        assert NIK not in str(part) and KK not in str(part)


def test_celery_workers_log_through_the_masking_handlers():
    """Celery replaces the root handlers with its own unless the project configures its
    logging; the worker's start-up must leave only masking handlers."""
    from marketplace.celery import app

    app.log.already_setup = False
    try:
        app.log.setup_logging_subsystem(loglevel="WARNING")
        unfiltered = [
            name
            for name, handler in _handlers()
            if not any(isinstance(f, PiiFilter) for f in handler.filters)
        ]
    finally:
        app.log.already_setup = False
        logging.getLogger().setLevel(logging.INFO)
    assert unfiltered == []
