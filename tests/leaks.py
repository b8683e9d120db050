"""A watch over the whole test session: no identity number (16 digits: a NIK, a KK number)
in any response the site gives, any address it sends a browser to, any log line any
handler writes, or any email it sends.

Every test is watched (responses of the test client and of the browser journeys' live
server alike, through Django's request handler); a test during which the site let one out
fails, naming where. What a test itself types into a request is not the site's doing and
is not scanned; the site's answer to it is. The one page that shows a full NIK, to a user
allowed to see it and after they stated why (``ALLOWED_VIEWS``), is not scanned; the
import template's invented example numbers, which the import refuses, are no one's.
"""

from __future__ import annotations

import logging
import re
import threading

import pytest

#: 16 digits standing alone: not part of a longer number, a hash or a token.
IDENTITY_NUMBER = re.compile(r"(?<![0-9A-Za-z])[0-9]{16}(?![0-9A-Za-z])")
#: URL names whose responses show a full NIK by design.
ALLOWED_VIEWS = {"registry_residents:reveal_nik"}
TEXT_TYPES = ("text/", "application/json", "application/javascript")

_found: list[str] = []
_lock = threading.Lock()


def _invented() -> set[str]:
    from registry.services.importing.columns import TEMPLATE_EXAMPLE

    return {TEMPLATE_EXAMPLE["nik"], TEMPLATE_EXAMPLE["no_kk"]}


def _report(where: str, text: str) -> None:
    for match in IDENTITY_NUMBER.finditer(text):
        if match.group() in _invented():
            continue
        start = max(match.start() - 60, 0)
        excerpt = text[start : match.end() + 20].replace("\n", " ")
        with _lock:
            _found.append(f"{where}: ...{excerpt}...")
        return


def _scan_response(request, response) -> None:
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in ALLOWED_VIEWS:
        return
    where = f"response to {request.method} {request.path}"
    location = response.get("Location") if hasattr(response, "get") else None
    if location:
        _report(f"{where} (Location)", location)
    if not str(response.get("Content-Type", "")).startswith(TEXT_TYPES):
        return
    if getattr(response, "streaming", False):
        chunks = response.streaming_content

        def scanned():
            for chunk in chunks:
                _report(
                    where, chunk.decode("utf-8", "replace") if isinstance(chunk, bytes) else chunk
                )
                yield chunk

        response.streaming_content = scanned()
    else:
        _report(where, response.content.decode("utf-8", "replace"))


def pytest_configure(config):
    from django.core.handlers.base import BaseHandler

    original = BaseHandler.get_response

    def get_response(self, request):
        response = original(self, request)
        _scan_response(request, response)
        return response

    BaseHandler.get_response = get_response

    handler_format = logging.Handler.format

    def format(self, record):
        text = handler_format(self, record)
        if not type(self).__module__.startswith("_pytest"):
            _report(f"log line ({type(self).__name__}, logger {record.name})", text)
        return text

    logging.Handler.format = format


@pytest.fixture(autouse=True)
def no_identity_numbers_let_out():
    """Fails the test during which the site let an identity number out (see the module)."""
    with _lock:
        _found.clear()
    yield
    from django.core import mail

    for message in getattr(mail, "outbox", []):
        _report(f"email {message.subject!r}", message.subject + "\n" + message.body)
    with _lock:
        leaks = list(dict.fromkeys(_found))
        _found.clear()
    assert not leaks, "identity numbers let out:\n" + "\n".join(leaks[:20])
