"""Identifiers researchers and references carry, validated before they are published."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")


def orcid_checksum(base_digits: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value: str) -> str:
    value = (value or "").strip()
    for prefix in ("https://orcid.org/", "http://orcid.org/", "orcid.org/"):
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value.upper()


def validate_orcid(value: str) -> None:
    value = normalise_orcid(value)
    if not ORCID_RE.match(value):
        raise ValidationError(
            _("An ORCID iD looks like 0000-0002-1825-0097 (four groups of four characters)."),
            code="orcid_format",
        )
    digits = value.replace("-", "")
    if orcid_checksum(digits[:15]) != digits[15]:
        raise ValidationError(
            _("This ORCID iD has a wrong check digit: please copy it again from orcid.org."),
            code="orcid_checksum",
        )


def validate_doi(value: str) -> None:
    value = (value or "").strip()
    if value and not DOI_RE.match(value):
        raise ValidationError(
            _("A DOI starts with 10. followed by a prefix, a slash and a suffix."), code="doi"
        )
