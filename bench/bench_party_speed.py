"""Party screening speed: a seeded synthetic list of N entities (default 1,000,000) with
realistic aliases, plus the OFAC SDN file; index build time, RSS, per-query p50/p95/p99 on
one core, recall of the source entity, against brute-force rapidfuzz over all names.

    python bench/bench_party_speed.py [--size N] [--queries Q] [--brute Q2]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import psutil
from pypinyin import Style, lazy_pinyin
from rapidfuzz import fuzz, process

from counterpart.domain.parties import ListEntry, Schema
from counterpart.watchlists.index import PartyIndex
from counterpart.watchlists.matching import party_from_text, screen_party
from counterpart.watchlists.names.romanisation import read_table
from counterpart.watchlists.scoring import Thresholds, party_from_entry, score_parties
from counterpart.watchlists.sources.ofac_sdn import parse_ofac_sdn

SDN = Path(__file__).resolve().parents[2] / "shared" / "data" / "sanctions" / "ofac-sdn-2021"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚英华玉兰萍红鹏飞辉建国文斌宇浩凯健俊帆旭宁龙林欣晶婷雪琳晨"
    "阳佳嘉思雨子轩博峰亮成东海波志宏德福井安永继晓兵光荣春生山民泽云金祥瑞鑫达恒泰源兴盛康科"
)
BRAND = "恒达泰源兴盛博康科华瑞鑫金天海新宇远航中东方精奥富力明百川万通安宏昌隆凯越诚信永佳利丰"
INDUSTRY = (
    "生物科技",
    "化工",
    "医药",
    "医药科技",
    "化学品",
    "进出口",
    "贸易",
    "科技",
    "新材料",
    "精细化工",
)
LEGAL = (("有限公司", "Co., Ltd."), ("有限公司", "Company Limited"), ("股份有限公司", "Co., Ltd."))
FIRST = (
    "John",
    "Maria",
    "Jose",
    "Juan",
    "Carlos",
    "Luis",
    "Ana",
    "Ali",
    "Mohammad",
    "Ahmed",
    "Omar",
    "Ivan",
    "Sergei",
    "Olga",
    "Pedro",
    "Jorge",
)
LAST = (
    "Garcia",
    "Martinez",
    "Lopez",
    "Gonzalez",
    "Rodriguez",
    "Perez",
    "Sanchez",
    "Ramirez",
    "Torres",
    "Flores",
    "Rivera",
    "Gomez",
    "Diaz",
    "Hussein",
    "Khan",
    "Rahman",
    "Ivanov",
    "Petrov",
    "Smirnov",
    "Guzman",
    "Zambada",
    "Caro",
    "Quintero",
    "Castro",
    "Ortiz",
    "Morales",
    "Herrera",
    "Medina",
    "Aguilar",
    "Vargas",
    "Romero",
    "Mendoza",
    "Silva",
    "Rojas",
    "Navarro",
    "Delgado",
    "Ruiz",
    "Alvarez",
)


def pinyin_of(text: str) -> list[str]:
    return lazy_pinyin(text, style=Style.NORMAL)


def industry_english() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for kind, hanzi, renderings in read_table("company_glossary.tsv"):
        if kind == "industry":
            table[hanzi] = [r.title() for r in renderings.split("|")]
    return table


def wade_giles() -> dict[str, str]:
    return {
        row[0]: row[1].replace("'", "").replace("ü", "u") for row in read_table("wade_giles.tsv")
    }


def make_person(rng: random.Random, number: int, wg: dict[str, str]) -> tuple[ListEntry, list[str]]:
    hanzi = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    family, *given = pinyin_of(hanzi)
    given_text = "".join(given)
    names = [f"{family.upper()}, {given_text.capitalize()}"]
    if rng.random() < 0.5:
        names.append(hanzi)
    wg_form = f"{wg.get(family, family).capitalize()} " + "-".join(wg.get(g, g) for g in given)
    if rng.random() < 0.2:
        names.append(wg_form)
    queries = [hanzi, f"{given_text.capitalize()} {family.capitalize()}", wg_form.title()]
    return ListEntry("synthetic", f"p{number}", Schema.PERSON, tuple(names)), queries


def make_company(
    rng: random.Random, number: int, renderings: dict[str, list[str]]
) -> tuple[ListEntry, list[str]]:
    place_hanzi, place = rng.choice(PLACES)
    brand = rng.choice(BRAND) + rng.choice(BRAND)
    industry = rng.choice(INDUSTRY)
    legal_hanzi, legal = rng.choice(LEGAL)
    hanzi = place_hanzi + brand + industry + legal_hanzi
    english = " ".join(
        [
            place.capitalize(),
            "".join(pinyin_of(brand)).capitalize(),
            rng.choice(renderings[industry]),
        ]
    )
    names = [f"{english} {legal}".upper()]
    if rng.random() < 0.4:
        names.append(hanzi)
    other = f"{english.split(' ', 1)[1]} {rng.choice(renderings[industry])} Company Limited"
    entry = ListEntry("synthetic", f"c{number}", Schema.LEGAL_ENTITY, tuple(names))
    return entry, [hanzi, other]


def make_western(rng: random.Random, number: int) -> tuple[ListEntry, list[str]]:
    first, middle = rng.choice(FIRST), rng.choice(FIRST)
    last, second = rng.choice(LAST), rng.choice(LAST)
    names = (f"{last.upper()} {second.upper()}, {first} {middle}", f"{first} {last}")
    entry = ListEntry("synthetic", f"w{number}", Schema.PERSON, names)
    return entry, [f"{first} {middle} {last} {second}"]


PLACES = [(row[0], row[1]) for row in read_table("places.tsv")]


def synthetic(size: int, seed: int) -> Iterator[tuple[ListEntry, list[str]]]:
    rng = random.Random(seed)
    wg, renderings = wade_giles(), industry_english()
    for number in range(size):
        roll = rng.random()
        if roll < 0.45:
            yield make_person(rng, number, wg)
        elif roll < 0.8:
            yield make_company(rng, number, renderings)
        else:
            yield make_western(rng, number)


def rss_mib() -> float:
    return psutil.Process(os.getpid()).memory_info().rss / 2**20


def percentiles(times: list[float]) -> str:
    p50, p95, p99 = (float(np.percentile(times, q)) * 1000 for q in (50, 95, 99))
    return f"p50 {p50:.2f} ms, p95 {p95:.2f} ms, p99 {p99:.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--brute", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(7)
    start_rss = rss_mib()
    started = time.perf_counter()
    sdn = [row for row in parse_ofac_sdn([SDN]) if isinstance(row, ListEntry)]
    entries: list[ListEntry] = list(sdn)
    sample: list[tuple[ListEntry, str]] = []
    for entry, queries in synthetic(args.size, seed=20260601):
        entries.append(entry)
        if rng.random() < args.queries * 4 / max(args.size, 1):
            sample.append((entry, rng.choice(queries)))
    generated = time.perf_counter() - started
    print(f"generated {args.size:,} synthetic entities + {len(sdn):,} SDN in {generated:.1f} s")
    started = time.perf_counter()
    index = PartyIndex(entries)
    built = time.perf_counter() - started
    gc.collect()
    gc.freeze()  # the index's millions of objects need not be walked by every collection
    print(
        f"index build: {built:.1f} s for {len(index):,} entries; RSS {rss_mib():,.0f} MiB "
        f"(from {start_rss:,.0f} MiB at start)"
    )
    queries = rng.sample(sample, min(args.queries, len(sample)))
    queries += [(entry, alias) for entry in rng.sample(sdn, 100) for alias in entry.names[:1]]
    return measure(index, queries, [name for e in entries for name in e.names], args.brute)


def measure(
    index: PartyIndex, queries: list[tuple[ListEntry, str]], names: list[str], brute: int
) -> int:
    """Wall and CPU time per query (CPU time is the one-core cost on a shared machine)."""
    thresholds = Thresholds(0.85, 0.7)
    walls, cpus, found, ambiguous = [], [], 0, 0
    for entry, text in queries:
        query = party_from_text(text, "bench")
        began, began_cpu = time.perf_counter(), time.process_time()
        matches = screen_party(query, index, thresholds)
        walls.append(time.perf_counter() - began)
        cpus.append(time.process_time() - began_cpu)
        if entry.entry_id in {match.entry.entry_id for match in matches[:10]}:
            found += 1
        elif len(matches) >= 10:
            own = score_parties(query, party_from_entry(entry), thresholds).score
            ambiguous += matches[9].comparison.score >= own  # 10+ others as good: homonyms
    print(f"index screening, {len(queries)} queries, wall: {percentiles(walls)}")
    print(f"index screening, {len(queries)} queries, CPU:  {percentiles(cpus)}")
    print(
        f"source entity in the top 10: {found / len(queries):.3f}; "
        f"missed with 10+ entries scoring as high (homonyms): {ambiguous / len(queries):.3f}"
    )
    brute_times, brute_found = [], 0
    for entry, text in queries[:brute]:
        began = time.process_time()
        best = process.extract(text, names, scorer=fuzz.WRatio, limit=10)
        brute_times.append(time.process_time() - began)
        brute_found += any(name in entry.names for name, _, _ in best)
    print(
        f"brute-force rapidfuzz WRatio over {len(names):,} names, {brute} queries, CPU: "
        f"{percentiles(brute_times)}; source entity's name in the top 10: "
        f"{brute_found / max(brute, 1):.3f}"
    )
    ratio = float(np.percentile(brute_times, 50)) / float(np.percentile(cpus, 50))
    print(f"speed-up at p50 (CPU), index vs brute force: {ratio:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
