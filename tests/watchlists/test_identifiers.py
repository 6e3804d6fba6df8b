"""Typed facts from OFAC remarks: identifiers with their country, currency and checksum."""

from __future__ import annotations

import pytest

from counterpart.domain.parties import Identifier
from counterpart.watchlists.identifiers import (
    extract_remarks,
    identifier_from_label,
    is_resident_id,
    to_iso_dates,
)

# SDN ent_num 26236, as sdn.csv of July 2021 states it.
ZHENG_FUJING = (
    "DOB 11 Jun 1983; POB China; nationality China; citizen China; Email Address "
    "goldenchemical@live.com; alt. Email Address zhengfujing@live.cn; Gender Male; Digital "
    "Currency Address - XBT 17ezuJoT3XBbdcwFZbkTnrXbup11F4uhiy; alt. Digital Currency Address "
    "- XBT 1DH2xDH7TngrDU6LXciprKCBKNcPA1xX8A; Passport G31920875 (China) issued 24 Oct 2008 "
    "expires 23 Oct 2018; Identification Number 310107198306111336 (China); Chinese Commercial "
    "Code 6774 4395 2529; a.k.a. 'JIN, Gordon'; a.k.a. 'DENG, Gao'; a.k.a. 'ZHENG, Gordon'."
)


def test_sdn_remarks_become_typed_facts() -> None:
    facts = extract_remarks(ZHENG_FUJING)
    assert facts.identifiers == (
        Identifier("email", "goldenchemical@live.com"),
        Identifier("email", "zhengfujing@live.cn"),
        Identifier("publicKey", "17ezuJoT3XBbdcwFZbkTnrXbup11F4uhiy", currency="XBT"),
        Identifier("publicKey", "1DH2xDH7TngrDU6LXciprKCBKNcPA1xX8A", currency="XBT"),
        Identifier("passportNumber", "G31920875", country="China"),
        Identifier("idNumber", "310107198306111336", country="China", valid=True),
    )
    assert facts.birth_dates == ("1983-06-11",)
    assert facts.birth_places == ("China",)
    assert facts.countries == ("China",)
    assert facts.gender == ("Male",)
    assert facts.telegraph_codes == ("6774 4395 2529",)
    assert facts.weak_aliases == ("JIN, Gordon", "DENG, Gao", "ZHENG, Gordon")


def test_linked_to_registration_and_uscc() -> None:
    facts = extract_remarks(
        "Registration ID 14063277; Unified Social Credit Code (USCC) 91310115MA1K4DLAXM "
        "(China); Linked To: BOYLE CHEMICAL CO., LTD."
    )
    assert facts.identifiers == (
        Identifier("registrationNumber", "14063277"),
        Identifier("uscCode", "91310115MA1K4DLAXM", country="China", valid=True),
    )
    assert facts.linked_to == ("BOYLE CHEMICAL CO., LTD.",)


def test_invalid_checksums_are_kept_and_flagged() -> None:
    facts = extract_remarks(
        "Unified Social Credit Code (USCC) 91310115MA1K4DLAXA (China); "
        "National ID No. 310107198306111337 (China)"
    )
    assert [(i.kind, i.value, i.valid) for i in facts.identifiers] == [
        ("uscCode", "91310115MA1K4DLAXA", False),
        ("idNumber", "310107198306111337", False),
    ]


def test_resident_id_check_ignores_renamed_birth_place_codes() -> None:
    # SDN 16318 (ZHANG, Lei): 320202 is a Wuxi district code that stdnum's dated county
    # table rejects; the check digit and birth date are right.
    assert is_resident_id("320202197601030513") is True
    assert is_resident_id("320202197613030513") is False  # month 13
    assert is_resident_id("G23851362") is None


def test_every_crypto_currency_label_is_kept() -> None:
    facts = extract_remarks(
        "Digital Currency Address - ETH 0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c; "
        "alt. Digital Currency Address - USDT TXyz123; Digital Currency Address - XMR 4Abc"
    )
    assert [(i.currency, i.value) for i in facts.identifiers] == [
        ("ETH", "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c"),
        ("USDT", "TXyz123"),
        ("XMR", "4Abc"),
    ]


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("11 Jun 1983", ["1983-06-11"]),
        ("Jun 1983", ["1983-06"]),
        ("1983", ["1983"]),
        ("circa 1951", ["1951"]),
        ("1960 to 1962", ["1960", "1962"]),
        ("01 Jan 1960 to 31 Dec 1962", ["1960-01-01", "1962-12-31"]),
        ("unknown", []),
    ],
)
def test_ofac_dates_become_iso(text: str, dates: list[str]) -> None:
    assert to_iso_dates(text) == dates


def test_unknown_clauses_are_left_in_the_remarks() -> None:
    facts = extract_remarks("Secondary sanctions risk: section 1; Former Secretary General")
    assert facts == extract_remarks("")


def test_csl_id_labels() -> None:
    assert identifier_from_label("Tax ID No.", "80-0890696", "US") == Identifier(
        "taxNumber", "80-0890696", country="US"
    )
    assert identifier_from_label("Vessel Registration Identification", "IMO 8898831") == (
        Identifier("imoNumber", "8898831")
    )
    assert identifier_from_label("Additional Sanctions Information -", "Subject to") is None
