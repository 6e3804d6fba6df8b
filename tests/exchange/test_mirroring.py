"""B mirrors A over HTTP (A's real app in-process): verify, store, cosign; resume."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from counterpart.ledger.note import parse_vkey
from counterpart.ledger.policy import bilateral_policy, verify_checkpoint
from counterpart.workflows.mirroring import MirrorPorts, MirrorResult, mirror_once
from tests.exchange.harness import Node, entry_bytes, peer_client


def mirror(b: Node, a: Node, app_a: TestClient, chunk: int = 500) -> MirrorResult:
    ports = MirrorPorts(
        remote=peer_client(b, app_a),
        book=b.stores.book,
        mirror=b.stores.log_named(b.mirror_of(a)),
        signer=b.signer,
        clock=lambda: int(time.time()),
    )
    return mirror_once(a.party, ports, chunk=chunk)


def test_b_mirrors_a_and_a_checkpoint_then_carries_both_signatures(
    node_a: Node, node_b: Node, app_a: TestClient
) -> None:
    node_a.append(7)
    result = mirror(node_b, node_a, app_a)
    assert (result.size, result.fetched, result.cosigned, result.alarm) == (7, 7, True, None)
    assert node_b.stores.log_named("peer:us").entries(0, 7) == [
        entry_bytes("us", i) for i in range(7)
    ]
    note = peer_client(node_b, app_a).fetch_checkpoint()
    policy = bilateral_policy(parse_vkey(node_a.vkey), parse_vkey(node_b.vkey))
    verified = verify_checkpoint(note, policy)
    assert verified.signed.checkpoint.size == 7
    assert set(verified.cosignatures) == {"counterpart"}
    signers = [line.split(" ")[1] for line in note.strip().split("\n")[-2:]]
    assert signers == ["counterpart/us", "counterpart/cn"]


def test_mirroring_resumes_and_only_fetches_new_entries(
    node_a: Node, node_b: Node, app_a: TestClient
) -> None:
    node_a.append(1200)
    first = mirror(node_b, node_a, app_a, chunk=100)
    node_a.append(5)
    second = mirror(node_b, node_a, app_a, chunk=100)
    assert (first.fetched, second.fetched, second.size, second.cosigned) == (1200, 5, 1205, True)
    assert node_a.stores.own.cosignatures(1205)[0].signer == "counterpart/cn"


def test_progress_hears_of_each_stored_page_and_of_nothing_when_nothing_is_new(
    node_a: Node, node_b: Node, app_a: TestClient
) -> None:
    heard: list[tuple[int, int]] = []
    node_a.append(250)

    def round_() -> MirrorResult:
        ports = MirrorPorts(
            remote=peer_client(node_b, app_a),
            book=node_b.stores.book,
            mirror=node_b.stores.log_named(node_b.mirror_of(node_a)),
            signer=node_b.signer,
            clock=lambda: int(time.time()),
            progress=lambda mirrored, size: heard.append((mirrored, size)),
        )
        return mirror_once(node_a.party, ports, chunk=100)

    assert round_().fetched == 250
    assert heard == [(100, 250), (200, 250), (250, 250)]
    heard.clear()
    assert round_().fetched == 0
    assert heard == []
