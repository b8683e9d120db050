"""Personal data kept out of logs and error reports (UU PDP).

lokal-id's Samaran masks what it recognises as a NIK, KK, phone number or email. It
recognises a NIK or KK by its structure, so it lets through what it cannot read as one: a
number typed with spaces and sent as ``3510+0141+...`` in a query string, or a number with
an impossible birth date that is still somebody's mistyped NIK. ``identity_numbers_mask``
masks every run of 16 digits (with at most one separator between digits) on top of it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from lokal.samaran.logging import SamaranFilter

#: 16 digits, each pair at most one space, ``+``, ``.``, ``-`` or ``%20`` apart, with no
#: digit either side (20-digit runs are not identity numbers, and are left alone).
IDENTITY_RUN = re.compile(r"(?<![0-9])(?:[0-9](?:[ +.\-]|%20)?){15}[0-9](?![0-9])")


def identity_numbers_mask(text: str) -> str:
    """``text`` with every 16-digit run shown as ``3510********0001``."""

    def mask(match: re.Match[str]) -> str:
        digits = re.sub(r"[^0-9]", "", match.group().replace("%20", ""))
        return f"{digits[:4]}{'*' * 8}{digits[12:]}"

    return IDENTITY_RUN.sub(mask, text)


class PiiFilter(SamaranFilter):
    """Samaran's log filter, and every remaining 16-digit run masked too.

    Attach it to every handler (``LOGGING`` does; ``tests/security`` checks that no
    handler is without it), not to loggers: records of every logger then pass through it.
    """

    def _mask(self, text: str) -> str:
        return identity_numbers_mask(super()._mask(text))


def log_handlers() -> Iterator[tuple[str, logging.Handler]]:
    """(logger name, handler) for every handler of every logger, the root's first."""
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            yield logger.name, handler


def log_handlers_mask() -> None:
    """Give every handler of every logger that lacks one a ``PiiFilter``.

    ``LOGGING`` covers the handlers it defines; libraries that add their own handler when
    imported (haystack adds a stream handler to its logger) come after it. Run when the
    apps are ready and after Celery's logging set-up.
    """
    for _name, handler in log_handlers():
        if not any(isinstance(f, PiiFilter) for f in handler.filters):
            handler.addFilter(PiiFilter())
