"""Writes for sellers, one module per concept: applying to sell (``applications``), a
shop's life after approval (``shops``), documents (``documents``).

Every operation that changes more than one row runs in one transaction. Users are told
of decisions on the site (an Oscar notification, in their account) and by email, sent
after the transaction commits (``sellers.notifications``, which depends on none of this).
"""

from .applications import (
    MISMATCH_LABELS,
    RESERVED_SLUGS,
    VERIFY_MAX_FAILURES,
    VERIFY_WINDOW,
    ApplicationInput,
    DocumentUpload,
    application_approve,
    application_attempts_prune,
    application_nik,
    application_reject,
    application_submit,
    application_vouch,
)
from .common import ApplicationError
from .documents import (
    EXPIRY_NOTICE_PRODUCTS,
    document_reject,
    document_verify,
    documents_check,
    seller_document_add,
)
from .shops import (
    dashboard_access_grant,
    seller_profile_update,
    seller_reinstate,
    seller_suspend,
)

__all__ = [
    "ApplicationError",
    "ApplicationInput",
    "DocumentUpload",
    "EXPIRY_NOTICE_PRODUCTS",
    "MISMATCH_LABELS",
    "RESERVED_SLUGS",
    "VERIFY_MAX_FAILURES",
    "VERIFY_WINDOW",
    "application_approve",
    "application_attempts_prune",
    "application_nik",
    "application_reject",
    "application_submit",
    "application_vouch",
    "dashboard_access_grant",
    "document_reject",
    "document_verify",
    "documents_check",
    "seller_document_add",
    "seller_profile_update",
    "seller_reinstate",
    "seller_suspend",
]
