"""Equilibrium readings for consumer-side questions (MODEL.md section 9).

A consumer-side statement about a contract with several equilibria must say which it
means. :func:`analyze` keeps the paper's Eq. (6) (every equilibrium counts); the
readings here pick one equilibrium per contract and judge the contracts on the picked
ex-ante payoffs:

* ``welfare``: the largest ``U1 + U2`` (then the largest ``U1``);
* ``trade-best`` / ``trade-worst``: the largest / smallest probability of trade (the
  consumer-best / consumer-worst equilibrium for a consumer who wants the loan);
* ``aligned-best`` / ``aligned-worst``: the largest / smallest aligned welfare.

Ties between equilibria go to the first listed. Under a reading, c dominates d when
the picked payoffs of c are at least those of d for both firms; IR, PO and IRPO follow
as in MODEL.md section 4, on these payoffs.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from contracts import fraction_text
from solvers.analysis.environment import ContractAnalysis
from solvers.equilibria.consumers import ConsumerView
from solvers.names import READINGS


@dataclass(frozen=True)
class Reading:
    """One equilibrium per contract, its payoffs and consumer quantities, and the
    verdicts on the picked payoffs."""

    name: str
    picked: dict[str, int]
    payoff: dict[str, tuple[Any, Any]]
    consumers: dict[str, ConsumerView]
    individually_rational: tuple[str, ...]
    pareto_optimal: tuple[str, ...]

    @property
    def irpo(self) -> tuple[str, ...]:
        return tuple(c for c in self.individually_rational if c in self.pareto_optimal)

    @property
    def unique_irpo(self) -> str | None:
        return self.irpo[0] if len(self.irpo) == 1 else None

    def to_dict(self) -> dict[str, Any]:
        """JSON form (README, "Consumers")."""
        return {
            "reading": self.name,
            "picked": {
                name: {
                    "equilibrium": self.picked[name],
                    "payoff": [float(u) for u in self.payoff[name]],
                    "payoff_exact": [fraction_text(Fraction(u)) for u in self.payoff[name]]
                    if isinstance(self.payoff[name][0], Fraction)
                    else None,
                    "trade_probability": float(self.consumers[name].trade_probability),
                    "aligned_welfare": float(self.consumers[name].aligned_welfare),
                }
                for name in self.picked
            },
            "ir": list(self.individually_rational),
            "pareto_optimal": list(self.pareto_optimal),
            "irpo": list(self.irpo),
            "unique_irpo": self.unique_irpo,
        }


def _key(reading: str, payoff: tuple[Any, Any], view: ConsumerView) -> Any:
    if reading == "welfare":
        return (payoff[0] + payoff[1], payoff[0])
    quantity = view.trade_probability if reading.startswith("trade") else view.aligned_welfare
    return quantity if reading.endswith("best") else -quantity


def pick(analysis: ContractAnalysis, reading: str) -> Reading:
    """The reading ``reading`` of ``analysis`` (module docstring)."""
    if reading not in READINGS:
        raise ValueError(f"reading = {reading!r}: must be one of {', '.join(READINGS)}")
    picked, payoff, consumers = {}, {}, {}
    for name, solution in analysis.solutions.items():
        listed = solution.equilibria()
        views = solution.consumer_views()
        best = max(
            range(len(listed)), key=lambda k: (_key(reading, listed[k].payoff, views[k]), -k)
        )
        picked[name], payoff[name], consumers[name] = best, listed[best].payoff, views[best]

    def dominates(c: str, d: str) -> bool:
        return all(payoff[c][f] >= payoff[d][f] for f in (0, 1))

    names = list(picked)
    ir = tuple(c for c in names if c == "no" or dominates(c, "no"))
    po = tuple(c for c in names if not any(dominates(d, c) and not dominates(c, d) for d in names))
    return Reading(reading, picked, payoff, consumers, ir, po)
