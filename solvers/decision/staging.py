"""The staged plan: start small, show the effect, widen (MODEL.md section 11).

Stage 1 is a pilot of the contract to start with: the proposal, or else the cheapest
contract both firms accept (inference sharing first among equals; with its fee where it
needs one). Each later stage widens to ``train`` or
``full``: its trigger is the smallest labelled history, on the train-size curve, at which
the widened contract is accepted by both firms and gives our firm a larger net gain than
the current stage's contract (net gains include each contract's own setup, running and
IP costs, so the extra cost of widening is paid for), and the month in which our firm's
labelled history reaches it at its monthly growth. Where no size of the curve makes
widening pay, or the month lies past the horizon, the plan says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from contracts.terms import Terms
from solvers.decision.pilot import Pilot
from solvers.decision.pricing import PricedContract
from solvers.decision.robust import cheapest

WIDER = ("train", "full")


@dataclass(frozen=True)
class Stage:
    """One stage of the plan."""

    number: int
    contract: str
    trigger: str
    labelled_history: int | None
    month: int | None
    pilot_loans: int | None = None
    months: float | None = None
    cost: float | None = None
    net_gain: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.number,
            "contract": self.contract,
            "trigger": self.trigger,
            "labelled_history": self.labelled_history,
            "month": self.month,
            "pilot_loans": self.pilot_loans,
            "months": self.months,
            "cost": self.cost,
            "net_gain": self.net_gain,
        }


def pilot_contract(priced: Mapping[str, PricedContract]) -> str | None:
    """The cheapest contract other than no-sharing that both firms accept (None: none)."""
    accepted = [n for n, p in priced.items() if all(p.accepts) and p.contract != "no"]
    return cheapest(accepted, priced) if accepted else None


def pilot_cost(terms: Terms, priced: PricedContract, firm: int, months: float) -> float:
    """Our firm's cost of running the contract for ``months`` months (setup included)."""
    cost = priced.costs[firm - 1]
    horizon = float(terms.months())
    return float(cost.setup) + float(cost.total - cost.setup) * months / horizon


def staged_plan(
    terms: Terms,
    today: int,
    curve: Mapping[int, Mapping[str, PricedContract]],
    firm: int = 1,
    pilot: Pilot | None = None,
    first: str | None = None,
) -> list[Stage]:
    """The stages (module docstring); ``curve`` maps labelled histories (train sizes) to
    the contracts priced there, ``today`` is the present one; ``first`` is the contract to
    start with (default: :func:`pilot_contract` of today's)."""
    current = curve[today]
    first = first if first is not None and first != "no" else pilot_contract(current)
    if first is None:
        return [Stage(1, "no", "no contract other than no-sharing is accepted by both "
                      "firms: nothing to pilot", today, 0)]  # fmt: skip
    stages = []
    if pilot is not None and pilot.contract == first and pilot.fixed_loans is not None:
        months = pilot.fixed_loans / terms.volume
        stages.append(Stage(1, first, "now, as a pilot", today, 0, pilot.fixed_loans,
                            round(months, 3), round(pilot_cost(terms, current[first], firm,
                                                                months), 2),
                            float(current[first].net[firm - 1])))  # fmt: skip
    else:
        why = (
            "now (no held-out data to size a pilot)"
            if pilot is None
            else "now; a pilot cannot show its gain: the held-out gain is not positive"
        )
        stages.append(Stage(1, first, why, today, 0,
                            net_gain=float(current[first].net[firm - 1])))  # fmt: skip
    growth = terms.firms[firm - 1].labelled_per_month
    held = first
    for wider in WIDER:
        if held.split("+fee")[0] == "full" or held.split("+fee")[0] == wider:
            continue
        found = None
        for size in sorted(s for s in curve if s >= today):
            options = [n for n in (wider, f"{wider}+fee") if n in curve[size]
                       and all(curve[size][n].accepts)]  # fmt: skip
            ours = curve[size][held].net[firm - 1] if held in curve[size] else 0
            better = [n for n in options if curve[size][n].net[firm - 1] > ours]
            if better:
                found = (size, max(better, key=lambda n: curve[size][n].net[firm - 1]))
                break
        if found is None:
            stages.append(Stage(len(stages) + 1, wider, f"never within the train sizes studied "
                                f"(up to {max(curve):,} labelled loans): widening to {wider} "
                                f"does not pay", None, None))  # fmt: skip
            continue
        size, name = found
        if size <= today:
            month: int | None = 0
        elif growth > 0:
            month = math.ceil((size - today) / growth)
        else:
            month = None
        if month is None or month > terms.horizon:
            when = (
                "never: our labelled history does not grow"
                if month is None
                else f"month {month}, past the {terms.horizon}-month horizon"
            )
            stages.append(Stage(len(stages) + 1, name, f"at {size:,} labelled loans: {when}",
                                size, month))  # fmt: skip
            continue
        net = float(curve[size][name].net[firm - 1])
        stages.append(Stage(len(stages) + 1, name, f"at {size:,} labelled loans (month {month})",
                            size, month, net_gain=net))  # fmt: skip
        held = name
    return stages
