"""Break-even values: for each cost term, the value at which the proposal would change
(MODEL.md section 11).

Costs do not move the engine's payoffs, so the proposal as a function of one cost term,
all else held at the point estimate, is :func:`solvers.decision.pricing.best_proposal` of
the contracts priced with that term replaced. Below and above the term's value, the
nearest change is found by bisection (to a relative ``1e-6``): between the value and 0,
and between the value and a bound far past every contract's gross gain.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from contracts.terms import ACTS, KINDS, IPRisk, Terms
from solvers.decision.pricing import best_proposal, price_all

STEPS = 60


@dataclass(frozen=True)
class BreakEven:
    """One cost term: its value, and the nearest value below and above it at which the
    proposal changes, with the proposal there (None: no change in that direction)."""

    term: str
    value: float
    proposal: str
    below: tuple[float, str] | None
    above: tuple[float, str] | None

    def sentences(self) -> list[str]:
        out = []
        if self.below is not None:
            out.append(f"{self.below[1]} becomes the proposal if {self.term} is below "
                       f"{self.below[0]:,.2f}")  # fmt: skip
        if self.above is not None:
            out.append(f"{self.above[1]} becomes the proposal if {self.term} is above "
                       f"{self.above[0]:,.2f}")  # fmt: skip
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "value": self.value,
            "proposal": self.proposal,
            "below": None if self.below is None else {"threshold": self.below[0],
                                                      "proposal": self.below[1]},
            "above": None if self.above is None else {"threshold": self.above[0],
                                                      "proposal": self.above[1]},
            "sentences": self.sentences(),
        }  # fmt: skip


def _act_cost(terms: Terms, f: int, act: str, kind: str) -> Callable[[float], Terms]:
    def replaced(x: float) -> Terms:
        firms = list(terms.firms)
        costs = dict(firms[f].acts)
        costs[act] = dataclasses.replace(costs[act], **{kind: Fraction(x)})
        firms[f] = dataclasses.replace(firms[f], acts=costs)
        return dataclasses.replace(terms, firms=(firms[0], firms[1]))

    return replaced


def _ip_loss(terms: Terms, f: int, attribute: str) -> Callable[[float], Terms]:
    risk: IPRisk = getattr(terms.firms[f], attribute)
    value = risk.value if risk.value else Fraction(1)

    def replaced(x: float) -> Terms:
        firms = list(terms.firms)
        loss = IPRisk(min(Fraction(x) / value, Fraction(1)), max(value, Fraction(x)))
        firms[f] = dataclasses.replace(firms[f], **{attribute: loss})  # type: ignore[arg-type]
        return dataclasses.replace(terms, firms=(firms[0], firms[1]))

    return replaced


def cost_terms(terms: Terms) -> list[tuple[str, float, Callable[[float], Terms]]]:
    """Every cost term: its name, its value, and the terms with it replaced. The IP risk
    terms are the expected yearly loss (probability times value; a new loss keeps the
    value at stake, or takes probability 1 when none was given)."""
    out: list[tuple[str, float, Callable[[float], Terms]]] = []
    for f, firm in enumerate(terms.firms):
        for act in ACTS:
            for kind in KINDS:
                out.append((f"firm{f + 1}.{act}.{kind}", float(getattr(firm.acts[act], kind)),
                            _act_cost(terms, f, act, kind)))  # fmt: skip
        for kind, attribute in (("model", "ip_model"), ("predictions", "ip_predictions")):
            risk: IPRisk = getattr(firm, attribute)
            out.append((f"firm{f + 1}.ip_risk.{kind} (expected loss per year)",
                        float(risk.yearly_loss), _ip_loss(terms, f, attribute)))  # fmt: skip
    return out


def break_even(
    terms: Terms,
    gains: Mapping[str, Sequence[Any]],
    engine_accepts: Mapping[str, Sequence[bool]],
    fees: bool = True,
) -> list[BreakEven]:
    """The break-even values of every cost term that can change the proposal."""

    def decide(t: Terms) -> str:
        return best_proposal(price_all(t, gains, engine_accepts, fees))

    current = decide(terms)
    scale = max([abs(float(g)) for gain in gains.values() for g in gain] + [1.0])
    bound = 10 * scale * float(terms.loans) + 1.0
    out = []
    for name, value, replaced in cost_terms(terms):
        below = above = None
        if value > 0 and decide(replaced(0.0)) != current:
            below = _bisect(decide, replaced, value, 0.0, current)
        top = max(bound, 10 * value)
        if decide(replaced(top)) != current:
            above = _bisect(decide, replaced, value, top, current)
        if below is not None or above is not None:
            out.append(BreakEven(name, value, current, below, above))
    return out


def _bisect(
    decide: Callable[[Terms], str],
    replaced: Callable[[float], Terms],
    same: float,
    other: float,
    current: str,
) -> tuple[float, str]:
    """The point between ``same`` (proposal ``current``) and ``other`` (another) where
    the proposal changes, and the proposal just past it."""
    for _ in range(STEPS):
        middle = (same + other) / 2
        if decide(replaced(middle)) == current:
            same = middle
        else:
            other = middle
        if abs(other - same) <= 1e-6 * max(abs(other), 1.0):
            break
    return other, decide(replaced(other))
