"""`counterpart audit` and `counterpart verify-proof`: offline checks anyone can run.

Neither needs a node: only the bundle or proof, and the public keys (a vkey or a policy file).
Exit codes: 0 sound / the proof holds, 4 tampering found / the proof does not hold, 1 error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from counterpart.cli.group import EXIT_OK, EXIT_TAMPERED, main
from counterpart.cli.inputs import reading
from counterpart.domain.errors import InvalidInput, TamperDetected
from counterpart.ledger.audit import POLICY_FILE, audit_bundle
from counterpart.ledger.note import parse_vkey
from counterpart.ledger.policy import Policy, parse_policy
from counterpart.ledger.proof import parse_proof, verify_proof

_FILE = click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path)


def _read_bytes(path: Path) -> bytes:
    return sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()


def _load_policy(path: Path) -> Policy:
    try:
        text = _read_bytes(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: policy is not UTF-8") from exc
    with reading(path):
        return parse_policy(text)


@main.command("audit")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--policy", "policy_file", type=_FILE, help="tlog-policy file with the keys to trust."
)
def audit_command(directory: Path, policy_file: Path | None) -> None:
    """Audit an exported log bundle from the entry bytes up.

    Recomputes every leaf hash and each checkpoint's root, verifies every signature and the
    cosignature quorum, and reports forks, truncation and changed entries, saying where.
    Without --policy the bundle's own policy.txt is used (it proves integrity, not identity).

    \b
    Example:
      counterpart audit ./bundle --policy our-trusted-keys.policy
    Exit codes: 0 sound; 4 tampering found (each finding says where); 1 error.
    """
    policy = _load_policy(policy_file) if policy_file else None
    if policy is None:
        click.echo(
            "note: no --policy given; trusting the keys in the bundle's policy.txt", err=True
        )
        if (directory / POLICY_FILE).is_file():  # read here, so its errors name the file
            policy = _load_policy(directory / POLICY_FILE)
    report = audit_bundle(directory, policy)
    for finding in report.findings:
        click.echo(f"TAMPERED {finding}")
    summary = f"{report.entries} entries, {report.checkpoints} checkpoints"
    if report.largest_verified_size < report.entries:
        first, last = report.largest_verified_size, report.entries - 1
        click.echo(f"note: entries {first}..{last} are not covered by a verified checkpoint")
    if report.sound:
        click.echo(f"sound: {summary}, verified up to size {report.largest_verified_size}")
        sys.exit(EXIT_OK)
    click.echo(f"tampering found: {len(report.findings)} finding(s) in {summary}")
    sys.exit(EXIT_TAMPERED)


@main.command("verify-proof")
@click.argument("proof_file", metavar="PROOF", type=_FILE)
@click.option("--leaf", "leaf_file", type=_FILE, required=True, help="The entry's exact bytes.")
@click.option("--vkey", help="The log's verifier key (name+keyid+base64).")
@click.option("--policy", "policy_file", type=_FILE, help="tlog-policy: its quorum is required.")
def verify_proof_command(
    proof_file: Path, leaf_file: Path, vkey: str | None, policy_file: Path | None
) -> None:
    """Check a C2SP tlog-proof for the bytes in --leaf.

    With --vkey alone the log's signature is enough; with --policy the policy's quorum of
    cosignatures is required too (and --vkey, if also given, must be one of its logs).

    \b
    Example:
      counterpart verify-proof entry-41.proof --leaf entry-41.bin --policy trusted.policy
    Exit codes: 0 the proof holds; 4 it does not (with the reason); 1 error; 2 usage.
    """
    policy = _choose_policy(vkey, policy_file)
    with reading(proof_file):
        proof = parse_proof(_read_bytes(proof_file))
    try:
        verified = verify_proof(proof, _read_bytes(leaf_file), policy)
    except TamperDetected as exc:
        click.echo(f"proof does not hold: {exc}", err=True)
        sys.exit(EXIT_TAMPERED)
    checkpoint = verified.signed.checkpoint
    witnesses = ", ".join(sorted(verified.cosignatures)) or "none required"
    click.echo(
        f"proof holds: entry {proof.index} is in {checkpoint.origin} at size {checkpoint.size}; "
        f"cosigned by: {witnesses}"
    )


def _choose_policy(vkey: str | None, policy_file: Path | None) -> Policy:
    if policy_file is None:
        if vkey is None:
            raise click.UsageError("give the log's --vkey, a --policy file, or both")
        with reading("--vkey"):
            return Policy((parse_vkey(vkey),))
    policy = _load_policy(policy_file)
    if vkey is None:
        return policy
    with reading("--vkey"):
        log = parse_vkey(vkey)
    if log not in policy.logs:
        raise InvalidInput(f"--vkey {log.name} is not one of the policy's logs")
    return Policy((log,), policy.witnesses, policy.groups, policy.quorum)
