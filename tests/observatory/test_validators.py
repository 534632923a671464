import pytest
from django.core.exceptions import ValidationError

from observatory.models import Researcher
from observatory.validators import orcid_checksum, validate_doi, validate_orcid


@pytest.mark.parametrize(
    "orcid",
    [
        "0000-0002-1825-0097",
        "0000-0001-5109-3700",
        "0000-0002-1694-233X",
        "https://orcid.org/0000-0002-1825-0097",
    ],
)
def test_valid_orcids_pass_the_iso_7064_checksum(orcid):
    validate_orcid(orcid)


@pytest.mark.parametrize("orcid", ["0000-0002-1825-0098", "0000-0002-1694-2330"])
def test_orcid_with_a_wrong_check_digit_is_refused(orcid):
    with pytest.raises(ValidationError) as error:
        validate_orcid(orcid)
    assert error.value.code == "orcid_checksum"


@pytest.mark.parametrize("orcid", ["1234", "0000-0002-1825-009", "abcd-0002-1825-0097", ""])
def test_malformed_orcid_is_refused(orcid):
    with pytest.raises(ValidationError) as error:
        validate_orcid(orcid)
    assert error.value.code == "orcid_format"


def test_checksum_of_the_orcid_documentation_example():
    assert orcid_checksum("000000021825009") == "7"


@pytest.mark.django_db
def test_researcher_form_validation_rejects_a_bad_orcid_and_normalises_a_good_one():
    bad = Researcher(name="Léa Martin", orcid="0000-0002-1825-0091")
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "orcid" in error.value.message_dict
    good = Researcher(name="Léa Martin", orcid="https://orcid.org/0000-0002-1694-233x")
    good.full_clean()
    good.save()
    assert good.orcid == "0000-0002-1694-233X"
    assert good.slug == "lea-martin"


@pytest.mark.django_db
def test_cifre_researcher_needs_a_partner_lab():
    with pytest.raises(ValidationError) as error:
        Researcher(name="Doctorante", is_cifre=True).full_clean()
    assert "partner_lab" in error.value.message_dict


def test_doi_validation():
    validate_doi("10.1145/3630106.3658542")
    validate_doi("")
    with pytest.raises(ValidationError):
        validate_doi("doi:3630106")
