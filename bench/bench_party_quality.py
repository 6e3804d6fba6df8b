"""Party matching quality on the labelled development set, beside nomenklatura logic-v2.

Reads bench/devset/parties.jsonl (compare-parties input with `label` and `kind`), runs our
matcher and, when the bench extra is installed (`pip install -e '.[bench]'`, which needs
PyICU built against Debian's libicu-dev), nomenklatura's logic-v2 in the same run. A pair is
predicted "same party" when our verdict is `match` (score >= party_match_threshold) and when
logic-v2 scores >= 0.7 (yente's default match threshold). Prints P/R/F1 by kind of variation,
by family of kinds and overall, the cross-script recall, and the ratio of the F1 scores.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counterpart.domain.parties import MatchVerdict
from counterpart.settings import Settings
from counterpart.watchlists.matching import compare_parties, party_from_entity
from counterpart.watchlists.scoring import Thresholds

DEVSET = Path(__file__).with_name("devset") / "parties.jsonl"
CROSS_SCRIPT = {
    "hanzi_simplified_vs_pinyin",
    "hanzi_traditional_vs_pinyin",
    "wade_giles_vs_hanzi",
    "cantonese_vs_hanzi",
    "company_hanzi_vs_english",
    "company_traditional_vs_english",
}
NOMENKLATURA_THRESHOLD = 0.7
Predictor = Callable[[dict[str, Any]], bool]


def load_pairs() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines()]


def ours() -> Predictor:
    settings = Settings(environment="test")
    thresholds = Thresholds(settings.party_match_threshold, settings.party_possible_threshold)

    def predict(pair: dict[str, Any]) -> bool:
        a = party_from_entity(pair["a"], f"{pair['id']}: a")
        b = party_from_entity(pair["b"], f"{pair['id']}: b")
        return compare_parties(a, b, thresholds).verdict is MatchVerdict.MATCH

    return predict


def nomenklatura_logic_v2() -> Predictor | None:
    try:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm
        from nomenklatura.matching.types import ScoringConfig
    except ImportError as exc:
        print(f"nomenklatura not installed ({exc}); install the bench extra to compare")
        return None
    algorithm = get_algorithm("logic-v2")
    assert algorithm is not None
    config = ScoringConfig.defaults()

    def to_proxy(side: dict[str, Any], entity_id: str) -> Any:
        proxy = model.make_entity(side["schema"])
        proxy.id = entity_id
        for prop, values in side["properties"].items():
            for value in values:
                proxy.add(prop, value, quiet=True)
        return proxy

    def predict(pair: dict[str, Any]) -> bool:
        a = to_proxy(pair["a"], f"{pair['id']}-a")
        b = to_proxy(pair["b"], f"{pair['id']}-b")
        return bool(algorithm.compare(a, b, config).score >= NOMENKLATURA_THRESHOLD)

    return predict


def prf(rows: list[tuple[int, bool]]) -> tuple[float, float, float]:
    tp = sum(1 for label, guess in rows if label and guess)
    fp = sum(1 for label, guess in rows if not label and guess)
    fn = sum(1 for label, guess in rows if label and not guess)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def family_of(kind: str) -> str:
    for prefix in ("company", "wallet", "identifiers", "latin"):
        if kind.startswith(prefix):
            return prefix
    return "person"


def run(name: str, predict: Predictor, pairs: list[dict[str, Any]]) -> dict[str, list[Any]]:
    started = time.perf_counter()
    results: dict[str, list[Any]] = defaultdict(list)
    for pair in pairs:
        results[pair["kind"]].append((pair["label"], predict(pair)))
    elapsed = time.perf_counter() - started
    print(f"{name}: {len(pairs)} pairs in {elapsed:.2f} s ({len(pairs) / elapsed:.0f} pairs/s)")
    return results


def report(pairs: list[dict[str, Any]], runs: dict[str, dict[str, list[Any]]]) -> None:
    names = list(runs)
    print(f"\n{'kind':44} {'n':>4} {'lab':>3} " + " ".join(f"{n[:18]:>18}" for n in names))
    for kind in sorted({pair["kind"] for pair in pairs}):
        rows = {name: runs[name][kind] for name in names}
        label = rows[names[0]][0][0]
        cells = []
        for name in names:
            correct = sum(1 for lab, guess in rows[name] if bool(lab) == guess)
            cells.append(f"{correct:>4}/{len(rows[name]):<4} right")
        print(
            f"{kind:44} {len(rows[names[0]]):>4} {label:>3} " + " ".join(f"{c:>18}" for c in cells)
        )
    print(f"\n{'P / R / F1':44} " + " ".join(f"{n[:26]:>26}" for n in names))
    groups: dict[str, set[str]] = defaultdict(set)
    for pair in pairs:
        groups[family_of(pair["kind"])].add(pair["kind"])
    groups["cross-script (recall)"] = CROSS_SCRIPT
    groups["ALL"] = {pair["kind"] for pair in pairs}
    for group, kinds in groups.items():
        cells = []
        for name in names:
            rows = [row for kind in kinds for row in runs[name][kind]]
            precision, recall, f1 = prf(rows)
            cells.append(f"{precision:.3f} / {recall:.3f} / {f1:.3f}")
        print(f"{group:44} " + " ".join(f"{c:>26}" for c in cells))
    if len(names) == 2:
        f1s = [prf([row for rows in runs[name].values() for row in rows])[2] for name in names]
        print(f"\nF1 ratio ours / logic-v2: {f1s[0] / f1s[1]:.2f}x" if f1s[1] else "")


def main() -> int:
    pairs = load_pairs()
    positives = sum(pair["label"] for pair in pairs)
    print(f"dev set: {len(pairs)} pairs, {positives} positive, {len(pairs) - positives} negative")
    runs = {"counterpart": run("counterpart", ours(), pairs)}
    baseline = nomenklatura_logic_v2()
    if baseline is not None:
        runs["nomenklatura logic-v2"] = run("nomenklatura logic-v2", baseline, pairs)
    report(pairs, runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
