"""The definition's address check: a domain validate_email accepted once is not checked again, and the answer for
every address stays validate_email's own."""

from __future__ import annotations

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

import tracker.definition as definition

locals_ = st.text(alphabet=st.sampled_from("ab9_+-.!#ưé \"@"), min_size=0, max_size=70)
domains = st.sampled_from(["quangtri.gov.vn", "xa-a.quangtri.gov.vn", "bücher.de", "-bad.vn", "a..vn", "localhost",
                           "example.invalid", "x" * 64 + ".vn", "vn", "ok.vn "])


def _accepted(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(addresses=st.lists(st.tuples(locals_, domains), min_size=1, max_size=12))
def test_every_address_is_judged_as_validate_email_judges_it_after_its_domain_was_seen(
        addresses: list[tuple[str, str]]) -> None:
    definition._DOMAINS_SEEN.clear()
    for local, domain in [("can.bo", "quangtri.gov.vn"), ("a", "xa-a.quangtri.gov.vn"), *addresses]:
        address = f"{local}@{domain}"
        assert (definition._email_problem(address) is None) == _accepted(address), address


def test_a_seen_domain_spares_validate_email_for_a_plain_address(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = validate_email

    def counted(address: str, **kw: object) -> object:
        calls.append(address)
        return real(address, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(definition, "_DOMAINS_SEEN", set())
    monkeypatch.setattr(definition, "validate_email", counted)
    problems = [definition._email_problem(f"xa-{i}@quangtri.gov.vn") for i in range(50)]
    assert problems == [None] * 50
    assert definition._email_problem("xa..1@quangtri.gov.vn") == (
        "invalid e-mail address 'xa..1@quangtri.gov.vn': An email address cannot have two periods in a row.")
    assert calls == ["xa-0@quangtri.gov.vn", "xa..1@quangtri.gov.vn"]
