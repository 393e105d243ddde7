"""A recommendation that survives resampling (MODEL.md section 11, uncertainty).

Given the priced contracts of the point estimate and of each resample
(:mod:`solvers.decision.pricing`), this module reports, per contract: the probability
that it is the best proposal, each firm's probability of accepting it, and a central
interval for each figure (the percentiles of the resamples); per pair of contracts, the
interval of the difference of each firm's net gain; and the recommendation: the contract
whose probability of being best reaches ``level``, or ``"undecided"`` with the smallest
set of contracts whose probabilities together reach it (the candidates, which cannot be
told apart), and the cheapest of them other than no-sharing that both firms accept to
start with (inference sharing first among equals; no-sharing when there is none).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from contracts import Contract
from solvers.decision.pricing import PricedContract, best_proposal

#: The central interval reported for every figure.
INTERVAL = 0.95
#: The probability of being best a recommendation needs by default.
LEVEL = 0.8


def interval(values: Sequence[float], level: float = INTERVAL) -> tuple[float, float] | None:
    """The central ``level`` percentile interval of ``values`` (None when empty).

    >>> interval([1.0, 2.0, 3.0, 4.0, 5.0], 0.5)
    (2.0, 4.0)
    """
    finite = [v for v in values if v is not None and np.isfinite(v)]
    if not finite:
        return None
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return float(low), float(high)


def distinguishable(bounds: tuple[float, float] | None) -> bool:
    """An interval that excludes zero."""
    return bounds is not None and (bounds[0] > 0 or bounds[1] < 0)


@dataclass(frozen=True)
class Robustness:
    """What the resamples say (module docstring)."""

    resamples: int
    best: list[str]
    p_best: dict[str, float]
    p_accepts: dict[str, tuple[float, float]]
    figures: dict[str, dict[str, list[tuple[float, float] | None]]]
    differences: dict[tuple[str, str], list[tuple[float, float] | None]]
    recommendation: str
    candidates: tuple[str, ...]
    start: str
    level: float
    near_tie: tuple[str, str] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "resamples": self.resamples,
            "level": self.level,
            "recommendation": self.recommendation,
            "candidates": list(self.candidates),
            "start": self.start,
            "near_tie": list(self.near_tie) if self.near_tie else None,
            "differences": [
                {
                    "contracts": [a, b],
                    "net_gain_difference": [_pair(i) for i in bounds],
                    "distinguishable": [distinguishable(i) for i in bounds],
                }
                for (a, b), bounds in self.differences.items()
            ],
        }


def _pair(bounds: tuple[float, float] | None) -> list[float] | None:
    return None if bounds is None else [bounds[0], bounds[1]]


FIGURES = ("gross_gain_per_loan", "gross_gain", "costs", "net_gain", "roi", "payback_month")


def figures_of(p: PricedContract) -> dict[str, tuple[Any, Any]]:
    """A priced contract's figures per firm, as floats (None where undefined)."""

    def pair(values: Sequence[Any]) -> tuple[float, float]:
        return float(values[0]), float(values[1])

    return {
        "gross_gain_per_loan": pair(p.gross_per_loan),
        "gross_gain": pair(p.gross),
        "costs": pair([c.total for c in p.costs]),
        "net_gain": pair(p.net),
        "roi": p.roi,
        "payback_month": p.payback_month,
    }


def cheapest(names: Sequence[str], priced: Mapping[str, PricedContract]) -> str:
    """The contract of ``names`` that costs the two firms least together (inference
    sharing first among equals, then the fewest things shared, then the name)."""

    def key(name: str) -> tuple[Any, ...]:
        p = priced.get(name)
        cost = float(sum(c.total for c in p.costs)) if p is not None else 0.0
        plain = base(name)
        return (cost, plain != "infer", sum(Contract.named(plain).flags), name)

    return min(names, key=key)


def base(name: str) -> str:
    """The contract of a proposal (``infer+fee`` -> ``infer``)."""
    return name.removesuffix("+fee")


def proposal_for(contract: str, priced: Mapping[str, PricedContract]) -> str:
    """How to propose ``contract`` at the point estimate: plain where both firms accept
    it, else with its fee where one exists, else plain (one firm refuses)."""
    if contract in priced and all(priced[contract].accepts):
        return contract
    return f"{contract}+fee" if f"{contract}+fee" in priced else contract


def starting(candidates: Sequence[str], point: Mapping[str, PricedContract]) -> str:
    """The contract to start with when undecided: the cheapest candidate other than
    no-sharing that both firms accept at the point estimate (with its fee where it needs
    one); no-sharing when there is none."""
    acceptable = [c for c in candidates if c != "no" and proposal_for(c, point) in point
                  and all(point[proposal_for(c, point)].accepts)]  # fmt: skip
    return cheapest(acceptable, point) if acceptable else "no"


def robustness(
    point: Mapping[str, PricedContract],
    resampled: Sequence[Mapping[str, PricedContract]],
    level: float = LEVEL,
) -> Robustness:
    """Summarize the resamples against the point estimate (module docstring)."""
    count = len(resampled)
    best = [base(best_proposal(r)) for r in resampled]
    names = [n for n in point if n == base(n)]
    for r in resampled:
        names += [n for n in r if n == base(n) and n not in names]
    p_best = {n: best.count(n) / count if count else 0.0 for n in names}

    def share(n: str, f: int) -> float:
        return sum(1 for r in resampled if n in r and r[n].accepts[f]) / count if count else 0.0

    p_accepts = {n: (share(n, 0), share(n, 1)) for n in names}
    figures: dict[str, dict[str, list[tuple[float, float] | None]]] = {}
    every = list(point) + [n for r in resampled for n in r]
    for n in dict.fromkeys(every):
        rows = [figures_of(r[n]) for r in resampled if n in r]
        figures[n] = {
            key: [interval([row[key][f] for row in rows]) for f in (0, 1)] for key in FIGURES
        }
    differences = {}
    for a, b in combinations(names, 2):
        both = [r for r in resampled if a in r and b in r]
        differences[(a, b)] = [
            interval([float(r[a].net[f] - r[b].net[f]) for r in both]) for f in (0, 1)
        ]
    ranked = sorted(names, key=lambda n: (-p_best[n], names.index(n)))
    candidates: tuple[str, ...]
    if count and p_best[ranked[0]] >= level:
        recommendation, candidates = ranked[0], (ranked[0],)
    else:
        chosen: list[str] = []
        for n in ranked:
            if chosen and (sum(p_best[c] for c in chosen) >= level or p_best[n] == 0):
                break
            chosen.append(n)
        recommendation, candidates = "undecided", tuple(chosen)
    start = candidates[0] if recommendation != "undecided" else starting(candidates, point)
    near_tie = _near_tie(point, resampled)
    return Robustness(count, best, p_best, p_accepts, figures, differences, recommendation,
                      candidates, start, level, near_tie)  # fmt: skip


def _near_tie(
    point: Mapping[str, PricedContract], resampled: Sequence[Mapping[str, PricedContract]]
) -> tuple[str, str] | None:
    """The point estimate's best proposal and its runner-up, when the interval of the
    difference of their Nash products of net gains contains zero."""
    accepted = sorted((p for p in point.values() if all(p.accepts)),
                      key=PricedContract.preference)  # fmt: skip
    if len(accepted) < 2:
        return None
    first, second = accepted[0].name, accepted[1].name

    def product(p: PricedContract) -> float:
        return float(p.net[0] * p.net[1]) if min(p.net) >= 0 else 0.0

    values = [product(r[first]) - product(r[second]) for r in resampled
              if first in r and second in r]  # fmt: skip
    bounds = interval(values)
    return (first, second) if bounds is None or not distinguishable(bounds) else None
