"""The claim registry: a claim, how it is checked, and its verdict.

A claim is one small declaration: an id, its statement in words, its source, the region
or point it speaks of, and a check. Three kinds of check are provided:

* :func:`witness` - run the general engine in Fractions at stated points;
* :func:`region` - sample a region (a fixed quasi-random design), run the engine at each
  point, report the fraction that holds and the first counterexample, shrunk to a simple
  one; optional candidate conditions turn "fails" into "holds only under" when the
  claim holds at every sampled point that satisfies one of them and fails only outside;
* any function returning an :class:`Outcome` (the symbolic checks use this).

Verdicts are ``holds``, ``fails`` (with an exact counterexample), ``holds only under``
(with the condition found) or ``error`` (the check itself could not run).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from contracts import Environment, fraction_text
from proofs.regions import Box, Point, sample_points, shrink
from solvers import ContractAnalysis, analyze

HOLDS, FAILS, ONLY_UNDER, ERROR = "holds", "fails", "holds only under", "error"


@dataclass(frozen=True)
class Outcome:
    """What a check found: status, a one-line evidence summary, and details."""

    status: str
    evidence: str
    counterexample: dict[str, Any] | None = None
    condition: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """A claim's outcome with the claim's identity and the time the check took."""

    claim: Claim
    outcome: Outcome
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        o = self.outcome
        return {
            "id": self.claim.id,
            "statement": self.claim.statement,
            "source": self.claim.source,
            "region": self.claim.region,
            "method": self.claim.method,
            "verdict": o.status,
            "evidence": o.evidence,
            "condition": o.condition,
            "counterexample": _jsonable(o.counterexample),
            "details": _jsonable(o.details),
            "seconds": round(self.seconds, 3),
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Fraction):
        return fraction_text(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class Claim:
    """One claim of the papers and how to check it."""

    id: str
    statement: str
    source: str
    region: str
    method: str
    check: Callable[[int], Outcome]

    def verify(self, samples: int = 64) -> Verdict:
        start = time.perf_counter()
        try:
            outcome = self.check(samples)
        except ValueError as error:
            outcome = Outcome(ERROR, f"the check could not run: {error}")
        return Verdict(self, outcome, time.perf_counter() - start)


# ----------------------------------------------------------------- engine summaries
def summarize(analysis: ContractAnalysis) -> dict[str, Any]:
    """Exact payoffs of every equilibrium and the verdicts: the numbers behind a verdict."""
    v = analysis.verdicts

    def strategy(solution: Any, eq: Any) -> dict[str, dict[str, Any]]:
        info = solution.game.info
        return {f"firm{f + 1}": dict(zip(info.cell_names(f), eq.strategy[f])) for f in (0, 1)}

    return {
        "payoffs": {
            name: [[fraction_text(Fraction(u)) for u in eq.payoff] for eq in s.equilibria(limit=8)]
            for name, s in analysis.solutions.items()
        },
        "equilibria": {
            name: [strategy(s, eq) for eq in s.equilibria(limit=8)]
            for name, s in analysis.solutions.items()
        },
        "equilibrium_counts": {name: s.count for name, s in analysis.solutions.items()},
        "ir": list(v.individually_rational),
        "pareto_optimal": list(v.pareto_optimal),
        "irpo": list(v.irpo),
        "dominance": v.edges(),
    }


Predicate = Callable[[Point, ContractAnalysis], tuple[bool, str]]


def witness(
    points: Sequence[Point],
    build: Callable[[Point], Environment],
    predicate: Predicate,
    contracts: str = "standard",
) -> Callable[[int], Outcome]:
    """Check ``predicate`` exactly at each stated point (the sample budget is unused)."""

    def check(samples: int) -> Outcome:
        notes = []
        for point in points:
            analysis = analyze(build(point), contracts, exact=True)
            holds, note = predicate(point, analysis)
            notes.append(note)
            if not holds:
                return Outcome(
                    FAILS,
                    f"at {_point_text(point)}: {note}",
                    counterexample={"point": point, "engine": summarize(analysis)},
                )
        return Outcome(HOLDS, "; ".join(notes), details={"points": list(points)})

    return check


@dataclass(frozen=True)
class Region:
    """A box of parameters and the environment each point stands for."""

    box: Box
    build: Callable[[Point], Environment]
    weight: int = 1  # share of the samples


def region(
    regions: Sequence[Region],
    predicate: Predicate,
    conditions: Sequence[tuple[str, Callable[[Point], bool]]] = (),
    contracts: str = "standard",
    witnesses: Sequence[tuple[Point, Region]] = (),
    applies: Callable[[ContractAnalysis], bool] | None = None,
) -> Callable[[int], Outcome]:
    """Sample each region, run the engine, count where ``predicate`` holds (module doc).

    ``witnesses`` are points checked first and exactly (for existence claims).
    ``applies`` marks the sampled points that meet a conditional claim's hypothesis
    (elsewhere the claim holds vacuously); the evidence says how many do.
    """

    def evaluate(point: Point, where: Region) -> tuple[bool, str, ContractAnalysis]:
        analysis = analyze(where.build(point), contracts, exact=True)
        holds, note = predicate(point, analysis)
        return holds, note, analysis

    def check(samples: int) -> Outcome:
        for point, where in witnesses:
            holds, note, analysis = evaluate(point, where)
            if not holds:
                return Outcome(
                    FAILS,
                    f"at the stated point {_point_text(point)}: {note}",
                    counterexample={"point": point, "engine": summarize(analysis)},
                )
        total_weight = sum(r.weight for r in regions)
        checked, failures, applicable = 0, [], 0
        held_points: list[Point] = []
        for where in regions:
            count = max(1, samples * where.weight // total_weight)
            for point in sample_points(where.box, count):
                holds, _, analysis = evaluate(point, where)
                checked += 1
                applicable += applies is not None and applies(analysis)
                if holds:
                    held_points.append(point)
                else:
                    failures.append((point, where))
        details: dict[str, Any] = {
            "samples": checked,
            "held": checked - len(failures),
            "regions": [r.box.describe() for r in regions],
        }
        scope = ""
        if applies is not None:
            details["meet_hypothesis"] = applicable
            scope = f" ({applicable} of them meet the claim's hypothesis)"
        if not failures:
            prefix = "exact witness and " if witnesses else ""
            return Outcome(
                HOLDS, f"{prefix}all {checked} sampled points hold{scope}", details=details
            )
        point, where = failures[0]
        simple = shrink(point, where.box, lambda p: not evaluate(p, where)[0])
        holds, note, analysis = evaluate(simple, where)
        counterexample = {"point": simple, "engine": summarize(analysis)}
        summary = (
            f"{checked - len(failures)}/{checked} sampled points hold; counterexample "
            f"{_point_text(simple)}: {note}"
        )
        for name, test in conditions:
            if all(not test(p) for p, _ in failures) and any(test(p) for p in held_points):
                return Outcome(
                    ONLY_UNDER,
                    f"{summary}; every failure violates: {name}",
                    counterexample=counterexample,
                    condition=name,
                    details=details,
                )
        return Outcome(FAILS, summary, counterexample=counterexample, details=details)

    return check


def _point_text(point: Point) -> str:
    return ", ".join(f"{k} = {fraction_text(v)}" for k, v in point.items())
