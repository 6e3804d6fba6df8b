"""The node's composed messages in both languages: explanations, party findings, alarms.

Every message the core composes while screening a corpus of real molecules and parties is a
msgid of both catalogs, and each of its terms has a label; rendering translates the template
and the terms, escapes the data and marks it `translate="no"`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from counterpart.chemistry import ALL_JURISDICTIONS, screen_substance, screen_substances
from counterpart.chemistry.fentanyl_class import CN_FRS
from counterpart.chemistry.registry import load_registry
from counterpart.domain.errors import TamperDetected
from counterpart.domain.messages import (
    Message,
    Param,
    Phrases,
    Term,
    english_of,
    message,
    phrases,
    to_json,
)
from counterpart.domain.parties import Identifier, Schema
from counterpart.domain.substances import Jurisdiction
from counterpart.ledger.verify import verify_consistency
from counterpart.storage.log_peers import PeerStore
from counterpart.watchlists.scoring import Party, Thresholds, score_parties
from counterpart.watchlists.wallets import to_wallet
from counterpart.web.ui import labels
from counterpart.web.ui.i18n import load_translations, read_catalog
from counterpart.web.ui.message_view import say, show_basis
from counterpart.workflows.access_model import Locale
from tests.web.auth_node import WebNode
from tests.web.ui.refusals import refusals
from tests.web.ui.ui_node import browser, run_cli, settings_of

# Molecules that take the rules' other branches (review, outside, designer relatives...).
CORPUS = (
    "CC(=O)N(c1ccc(Cl)cc1)C1CCN(C(=O)OC)CC1",
    "CCC(=O)N(c1ccccc1)C1CC2CCC(C1)N2CCc1ccccc1",
    "CCC(=O)N(c1ccccc1)C1CCN(CC(C#N)c2ccccc2)CC1",
    "CCC(=O)N(c1ccccc1)C1CC[N+](C)(CCc2ccccc2)CC1.[I-]",
    "C1COC2(O1)CCN(C(=O)OC(C)(C)C)CC2",
    "C/C=C\\C(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1",
    "C1COC2(O1)CCN(CCc1ccccc1)CC2",
    "CC(=O)N(c1ccccc1)C1CCNCC1",
    "CC(=O)N1CCC(Nc2ccccc2)CC1",
    "CCC(=O)N(C1CCCCC1)C1CCN(CCc2ccccc2)CC1",
    "CCC(=O)N(c1ccc2ccccc2c1)C1CCN(CCc2ccccc2)CC1",
    "CCC(=O)N(c1ccccc1)C1(C(=O)OC)CCNCC1",
    "CCC(=O)N(c1ccccc1)C1CCN(C(=O)OC(C)(C)C)CC1",
    "CCC(=O)N(c1ccccc1)C1CCN(CC(=O)c2ccccc2)CC1",
    "CCC(=O)N(c1ccccc1)C1CCN(CCCc2ccccc2)CC1",
    "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccc3ccccc3c2)CC1",
    "CCC(=S)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1",
    "CCOC(=O)N1CCC(Nc2ccccc2)CC1",
    "CCS(=O)(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1",
    "Cc1ccc(NC2CCNCC2)cc1",
    "Fc1ccc(NC2CCN(CCc3ccccc3)CC2)cc1",
    "N#CC1(Nc2ccccc2)CCN(CCc2ccccc2)CC1",
    "NC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1",
    "O=C1CCN(Cc2ccccc2)CC1",
    "O=CN(c1ccccc1)C1CCN(CCc2ccccc2)CC1",
    "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1C.CC(=O)N1CCC(=O)CC1",  # two components
    "C1CC(",  # unresolved
)
# A fentanyl-related substance listed by no name: US and CN class rules (piperidine methyl).
METHYL_FENTANYL = "CCC(=O)N(c1ccc(F)cc1)C1CCN(CCc2ccccc2)CC1CC"
LOG = "counterpart/cn"
WALLET = "0x742d35Cc6634C0532925a3b844Bc454e4438f44e"
LOOKALIKE = "0x742d35cc6634c0532925a3b844bc454e4438f44f"


def walk(value: Param | None) -> Iterator[Message | Term]:
    """Every message and term inside `value`."""
    if isinstance(value, Message):
        yield value
        for _, param in value.params:
            yield from walk(param)
    elif isinstance(value, Phrases):
        for item in value.items:
            yield from walk(item)
    elif isinstance(value, Term):
        yield value


def composed_messages() -> Iterator[Message | Term]:
    """What the core composes for the registry, the corpus and a few pairs of parties."""
    registry = [entry.smiles for entry in load_registry().entries]
    for on in (date(2010, 1, 1), date(2024, 6, 1)):
        queries = [(str(n), q) for n, q in enumerate([*registry, *CORPUS])]
        for result in screen_substances(queries, ALL_JURISDICTIONS, on, full_identity=True):
            for verdict in result.verdicts:
                yield from walk(verdict.message)
    thresholds = Thresholds(match=0.9, possible=0.7)
    pairs = [
        (Party(Schema.PERSON, ("ZHENG Fujing",)), Party(Schema.PERSON, ("Cheng Fu-ching",))),
        (Party(Schema.PERSON, ("郑富京",)), Party(Schema.PERSON, ("鄭富京",))),
        (Party(Schema.PERSON, ("郑富京",)), Party(Schema.PERSON, ("正福晶",))),
        (Party(Schema.PERSON, ("ZHENG Fujing",)), Party(Schema.COMPANY, ("ZHENG Fujing Ltd",))),
        (
            Party(Schema.COMPANY, ("Wuhan Jingao Biotech Co., Ltd.",)),
            Party(Schema.COMPANY, ("Shanghai Jingao Chemical Co., Ltd.",)),
        ),
        (
            Party(Schema.COMPANY, ("湖北精奥生物科技有限公司",)),
            Party(Schema.COMPANY, ("湖北晶奥生物科技有限公司",)),
        ),
        (
            Party(Schema.PERSON, ("Li Wei",), (Identifier("passportNumber", "E1"),), ("1970",)),
            Party(Schema.PERSON, ("Li Wei",), (Identifier("passportNumber", "E2"),), ("1980",)),
        ),
        (
            Party(Schema.COMPANY, ("Acme",), (Identifier("uscCode", "91420100MA4KX"),)),
            Party(Schema.COMPANY, ("Other",), (Identifier("uscCode", "91420100MA4KX"),)),
        ),
        (
            Party(Schema.CRYPTO_WALLET, wallets=(to_wallet(WALLET),)),
            Party(Schema.CRYPTO_WALLET, wallets=(to_wallet(LOOKALIKE),)),
        ),
        (
            Party(Schema.CRYPTO_WALLET, wallets=(to_wallet(WALLET),)),
            Party(Schema.CRYPTO_WALLET, wallets=(to_wallet(WALLET.lower()),)),
        ),
    ]
    for a, b in pairs:
        for finding in score_parties(a, b, thresholds).findings:
            yield from walk(finding.message)


def test_every_message_the_core_composes_is_translated_and_every_term_has_a_label() -> None:
    chinese = {str(m.id): str(m.string) for m in read_catalog(Locale.ZH) if m.id}
    seen = list(composed_messages())
    ids = {m.msgid for m in seen if isinstance(m, Message)}
    assert len(ids) > 60
    assert [msgid for msgid in sorted(ids) if not chinese.get(msgid)] == []
    terms = {(t.vocabulary, t.value) for t in seen if isinstance(t, Term)}
    assert {vocabulary for vocabulary, _ in terms} >= {"jurisdiction", "group_kind", "schema"}
    assert [t for t in sorted(terms) if t[1] not in labels.TABLES[t[0]]] == []


def test_every_refusal_of_a_record_or_an_answer_is_a_translated_message() -> None:
    """What an anomaly, a form's error or the error page shows: content that does not parse,
    an answer a state machine refuses, a file or a record over its size limit."""
    chinese = {str(m.id): str(m.string) for m in read_catalog(Locale.ZH) if m.id}
    found = refusals()
    assert [str(e) for e in found if e.said is None] == []
    assert [str(e) for e in found if english_of(e.to_message()) != str(e)] == []
    seen = [part for e in found for part in walk(e.to_message())]
    ids = {m.msgid for m in seen if isinstance(m, Message)}
    assert len(ids) > 50
    assert [msgid for msgid in sorted(ids) if not chinese.get(msgid)] == []
    terms = {(t.vocabulary, t.value) for t in seen if isinstance(t, Term)}
    assert {vocabulary for vocabulary, _ in terms} == {"record_type", "record_state", "json_type"}
    assert [t for t in sorted(terms) if t[1] not in labels.TABLES[t[0]]] == []


def text_of(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup)


def render(value: object, locale: Locale, english: str | None = None) -> str:
    return str(say(value, english, load_translations(locale).gettext, locale))


def test_a_class_verdict_reads_in_chinese_with_its_data_left_as_it_is() -> None:
    result = screen_substance(METHYL_FENTANYL, (Jurisdiction.US, Jurisdiction.CN))
    us, cn = result.verdicts
    assert us.status == cn.status == "class_controlled"
    assert us.message is not None and cn.message is not None
    assert us.explanation == (
        "Related to fentanyl by: (D) aniline ring replaced by another or substituted aromatic "
        "monocycle; (C) piperidine substituted with alkyl."
    )
    chinese = render(to_json(us.message), Locale.ZH)
    assert text_of(chinese) == (
        "通过以下修饰与芬太尼结构相关：(D) 苯胺环被其他芳香单环或取代的芳香单环替换；"
        "(C) 哌啶环上被烷基取代。"
    )
    assert text_of(render(us.message, Locale.EN)) == us.explanation


def test_the_not_controlled_reasons_translate_the_jurisdiction_and_keep_the_date() -> None:
    [verdict] = screen_substance("CCO", (Jurisdiction.CN,), date(2024, 6, 1)).verdicts
    chinese = render(verdict.message, Locale.ZH)
    assert '<span translate="no">2024-06-01</span>' in chinese
    assert text_of(chinese) == (
        "未列管：2024-06-01 中国 没有与之相符的有效列管；不具备类别规则要求的 4-酰苯胺基哌啶骨架。"
    )
    english = text_of(render(verdict.message, Locale.EN))
    assert english == verdict.explanation.replace(" in CN ", " in China ")


def test_data_is_escaped_and_marked_not_to_translate() -> None:
    said = message("same address %(address)s", address="<b>0x1</b>")
    assert render(said, Locale.ZH) == '地址相同：<span translate="no">&lt;b&gt;0x1&lt;/b&gt;</span>'


def test_chinese_lists_use_chinese_separators() -> None:
    kinds = phrases([Term("group_kind", "alkyl"), Term("group_kind", "halo")], ", ")
    said = message("(B) phenethyl substituted with %(kinds)s", kinds=kinds)
    assert render(said, Locale.ZH) == "(B) 苯乙基上被烷基、卤素取代"
    both = phrases([said, message("a ring")])
    assert render(both, Locale.ZH) == "(B) 苯乙基上被烷基、卤素取代；环"
    assert render(both, Locale.EN) == "(B) phenethyl substituted with alkyl, halo; a ring"


def test_a_term_outside_its_vocabulary_shows_as_data() -> None:
    said = message("same %(kind)s %(value)s", kind=Term("identifier_kind", "odd"), value="1")
    assert text_of(render(said, Locale.ZH)) == "odd相同：1"
    assert '<span translate="no">odd</span>' in render(said, Locale.ZH)


@pytest.mark.parametrize(
    "stored",
    [None, {"id": "Not controlled: %(reasons)s."}, {"id": 7}, "a string", ["x"]],
)
def test_a_missing_or_unreadable_message_shows_the_english_text_untranslated(
    stored: object,
) -> None:
    assert render(stored, Locale.ZH, "the log shrank") == (
        '<span translate="no">the log shrank</span>'
    )
    assert render(stored, Locale.ZH, None) == ""


def raise_alarms(web: WebNode) -> None:
    """An alarm from a real refused consistency proof, and one stored as text only (as every
    alarm was before messages were kept)."""
    book = PeerStore(web.node.engine)
    with pytest.raises(TamperDetected) as refused:
        verify_consistency(3, 7, [b"\x01" * 32] * 4, b"\x02" * 32, b"\x03" * 32)
    book.raise_alarm(LOG, "consistency_proof_rejected", refused.value.to_message(), "proof")
    book.raise_alarm(LOG, "inconsistent_checkpoint", "an alarm of an older node", "checkpoint")


@pytest.mark.parametrize("path", ["/", "/log"])
def test_alarms_read_in_chinese_and_their_twin_carries_the_message(web: WebNode, path: str) -> None:
    run_cli(settings_of(web), "init", "--party", "us", "--name", "US node")
    raise_alarms(web)
    client, csrf = browser(web, "analyst")
    client.post("/language", data={"locale": "zh", "next": "/", "csrf_token": csrf})
    page = client.get(path).text
    assert "<strong>一致性证明被拒绝</strong>" in page
    assert "<strong>检查点与日志不一致</strong>" in page
    assert '大小为 <span translate="no">3</span> 时的旧根哈希：计算得' in page
    assert "old root at size" not in page and "computed" not in page
    assert '<span translate="no">an alarm of an older node</span>' in page
    twin = client.get(f"{path.rstrip('/')}.json" if path != "/" else "/dashboard.json").json()
    new, old = twin["log"]["alarms"]
    assert new["message_json"]["id"] == "%(what)s: computed %(computed)s, expected %(expected)s"
    assert new["message_json"]["params"]["what"] == {
        "id": "old root at size %(size)s",
        "params": {"size": 3},
    }
    assert new["message"].startswith("old root at size 3: computed ")
    assert (old["message"], old["message_json"]) == ("an alarm of an older node", None)


def test_a_class_rules_legal_basis_is_translated_and_a_listings_is_left_as_written() -> None:
    gettext = load_translations(Locale.ZH).gettext
    assert str(show_basis(CN_FRS.basis, gettext)).startswith("公安部、国家卫生健康委员会")
    listing = "Controlled Substances Act, 21 U.S.C. 812(c) <Schedule II>"
    assert str(show_basis(listing, gettext)) == (
        '<span translate="no">Controlled Substances Act, 21 U.S.C. 812(c) '
        "&lt;Schedule II&gt;</span>"
    )
    assert str(show_basis(None, gettext)) == "—"


def test_a_row_that_cannot_be_screened_says_why_in_chinese() -> None:
    result = screen_substance("C1CC(", (Jurisdiction.CN,))
    assert result.error is not None and result.error.startswith("not a valid SMILES: ")
    assert result.error_message is not None and result.error_message.english() == result.error
    chinese = render(to_json(result.error_message), Locale.ZH)
    assert chinese.startswith('不是有效的 SMILES：<span translate="no">')
    [verdict] = result.verdicts
    assert text_of(render(verdict.message, Locale.ZH)).startswith("无法识别：不是有效的 SMILES：")


def test_the_substance_page_shows_a_rows_problem_in_chinese(web: WebNode) -> None:
    client, csrf = browser(web, "analyst")
    client.post("/language", data={"locale": "zh", "next": "/", "csrf_token": csrf})
    form = {"query": "1234-56-6", "csrf_token": csrf}
    page = client.post("/screen/substance", data=form).text
    twin = client.post("/screen/substance.json", data=form).json()
    [result] = twin["results"]
    assert result["error"].startswith("CAS 1234-56-6 is valid but not in the registry")
    assert result["error_message"]["params"] == {"cas": "1234-56-6"}
    assert '<dd class="alert">CAS 号 <span translate="no">1234-56-6</span> 有效' in page
    assert "is valid but not in the registry" not in page


def test_the_compliance_page_says_in_chinese_that_there_is_no_counterpart(web: WebNode) -> None:
    run_cli(settings_of(web), "init", "--party", "us", "--name", "US node")
    client, csrf = browser(web, "viewer")
    client.post("/language", data={"locale": "zh", "next": "/", "csrf_token": csrf})
    page = client.get("/compliance").text
    twin = client.get("/compliance.json").json()
    assert twin["missing"] == "no counterpart node is registered; run `counterpart peer add`"
    assert twin["missing_message"] == {"id": twin["missing"], "params": {}}
    assert "尚未登记对方节点；请运行 `counterpart peer add`" in page
    assert "no counterpart node is registered" not in page


def test_the_party_page_says_in_chinese_why_a_query_cannot_be_screened(web: WebNode) -> None:
    client, csrf = browser(web, "analyst")
    client.post("/language", data={"locale": "zh", "next": "/", "csrf_token": csrf})
    form = {"query": "12345", "csrf_token": csrf}
    page = client.post("/screen/party", data=form).text
    result = client.post("/screen/party.json", data=form).json()["result"]
    assert result["error"]["error"] == "the name '12345' has no letters"
    assert result["error_message"] == {
        "id": "the name %(name)s has no letters",
        "params": {"name": "'12345'"},
    }
    assert '名称 <span translate="no">&#39;12345&#39;</span> 不含字母' in page
    assert "has no letters" not in page
