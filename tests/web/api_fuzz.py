"""Schemathesis over the node's OpenAPI: generate cases per operation, check them, count them."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, CheckContext, GenerationMode, Response
from schemathesis import Case as GenericCase
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from counterpart.workflows.access_model import Role
from tests.web.fuzz_node import FuzzNode

Case = GenericCase[Any]
Operation = APIOperation[Any, Any, Any, Any]


@schemathesis.check
def one_error_shape(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """Every 4xx body is `{"ok": false, "code", "error", "status"}` with the response's status."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = response.json()
    except ValueError as exc:
        message = f"a {response.status_code} body is not JSON: {response.text[:200]}"
        raise AssertionError(message) from exc
    shaped = (
        isinstance(body, dict)
        and body.get("ok") is False
        and body.get("status") == response.status_code
        and isinstance(body.get("code"), str)
        and bool(body["code"])
        and isinstance(body.get("error"), str)
        and bool(body["error"])
    )
    if not shaped:
        raise AssertionError(f"a {response.status_code} body is not in the one error shape: {body}")
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    one_error_shape,
]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@dataclass
class FuzzTotals:
    """Cases sent, responses per status, and each distinct failure with one example."""

    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)
    not_generated: list[str] = field(default_factory=list)

    def record(self, case: Case, response: Response, headers: dict[str, str]) -> None:
        self.cases += 1
        self.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                key = f"{case.operation.label}: {failure.title.splitlines()[0]}"
                self.failures.setdefault(key, describe(case, response, failure.message))

    def record_crash(self, case: Case, exc: Exception) -> None:
        self.cases += 1
        self.statuses[500] += 1
        key = f"{case.operation.label}: unhandled {type(exc).__name__}"
        sent = f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}"
        self.failures.setdefault(key, f"{sent[:400]} -> {str(exc)[:300]}")

    def summary(self) -> str:
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(self.statuses.items()))
        lines = [f"cases: {self.cases}", f"statuses: {statuses}", f"failures: {len(self.failures)}"]
        lines += [f"  {key}\n    {example}" for key, example in sorted(self.failures.items())]
        return "\n".join(lines)


def describe(case: Case, response: Response, message: str) -> str:
    """What was sent and what came back, short enough to read in a report."""
    sent = f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}"[:400]
    return f"{sent} -> {response.status_code} {response.text[:300]} ({message[:300]})"


def strategy_for(
    operation: Operation, mode: GenerationMode, node: FuzzNode, real_rows: bool
) -> st.SearchStrategy[Case]:
    """Cases for one operation; with `real_rows`, its path parameters are ids of seeded rows."""
    names = [parameter.name for parameter in operation.path_parameters]
    if not real_rows:
        return operation.as_strategy(generation_mode=mode)
    values = st.fixed_dictionaries(
        {name: st.sampled_from(node.path_values[name]) for name in names}
    )
    return values.flatmap(
        lambda path: operation.as_strategy(generation_mode=mode, path_parameters=path)
    )


def fuzz_operation(
    operation: Operation, node: FuzzNode, totals: FuzzTotals, examples: int, run_seed: int
) -> None:
    """`examples` cases in each generation mode (and again on real rows), each role's token."""
    names = {parameter.name for parameter in operation.path_parameters}
    variants = [False] + ([True] if names and names <= node.path_values.keys() else [])
    roles = st.sampled_from([node.headers(role) for role in Role])
    for mode in MODES:
        for real_rows in variants:
            cases = strategy_for(operation, mode, node, real_rows)

            @seed(run_seed)
            @settings(
                max_examples=examples,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=cases, headers=roles)
            def send(case: Case, headers: dict[str, str]) -> None:
                try:
                    response = case.call(headers=headers)
                except Exception as exc:  # noqa: BLE001
                    # The in-process client re-raises what the app did not handle: a 500.
                    totals.record_crash(case, exc)
                    return
                totals.record(case, response, headers)

            try:
                send()
            except (Unsatisfiable, schemathesis.errors.SchemathesisError) as exc:
                # Nothing to generate, e.g. a negative case for an operation without inputs.
                totals.not_generated.append(f"{operation.label} {mode.value}: {exc}")


def cover_operation(operation: Operation, node: FuzzNode, totals: FuzzTotals) -> None:
    """Schemathesis's coverage cases: boundary values, each constraint broken, other methods."""
    schema = operation.schema
    config = schema.config.generation_for(operation=operation, phase="coverage")
    roles = itertools.cycle([node.headers(role) for role in Role])
    for case in schema.iter_coverage_cases(
        operation, generation_modes=list(MODES), generation_config=config
    ):
        headers = next(roles)
        try:
            response = case.call(headers=headers)
        except Exception as exc:  # noqa: BLE001
            totals.record_crash(case, exc)  # as in fuzz_operation: an unhandled error is a 500
            continue
        totals.record(case, response, headers)


def fuzz_api(node: FuzzNode, examples: int, run_seed: int, coverage: bool = False) -> FuzzTotals:
    """Every operation of the node's OpenAPI, `examples` cases per operation and mode;
    with `coverage`, schemathesis's deterministic boundary cases first."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", node.app)
    totals = FuzzTotals()
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        if coverage:
            cover_operation(result.ok(), node, totals)
        fuzz_operation(result.ok(), node, totals, examples, run_seed)
    return totals
