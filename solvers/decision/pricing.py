"""Contracts priced in money: gross gain, costs, net gain, ROI, payback, acceptance, fees
(MODEL.md section 11).

For contract ``c`` and firm ``i``: the gross gain per decision ``G_i(c) = U_i(c) - U_i(no)``
(each contract at its selected equilibrium, :mod:`solvers.decision.recommend`); over the
horizon ``gross = G_i(c) * loans`` (loans: volume times the, possibly discounted, months);
``net = gross - setup - running - per_prediction - ip_risk``; ``ROI = net / cost`` (none
when the contract costs the firm nothing); the payback month is the first month ``m >= 1``
whose cumulative net gain is at least zero. A firm *accepts* ``c`` when ``c`` is
individually rational for it (Eq. (6) restricted to the firm) and its net gain is at
least zero.

**Fees.** Where a contract raises the joint net gain but leaves one firm below zero, the
gaining firm can pay the losing one a fee each month. Both accept every fee between what
the loser needs and what the payer gains; the Nash bargaining solution with transfers
(disagreement: no-sharing, zero for both) splits the joint net gain equally. A contract
with its Nash fee is a candidate like any other (``NAME+fee``); the money settles the
loser's refusal, so both accept it when its joint net gain is at least zero.

**The best proposal** among the contracts both firms accept (no-sharing always is): the
largest Nash product of the two net gains, then the larger joint net gain, then the
contract that shares the fewest things, a plain contract before one with a fee, then the
name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from contracts import Contract
from contracts.terms import CostBreakdown, Terms

Number = Fraction | float


@dataclass(frozen=True)
class Fee:
    """A monthly fee from ``payer`` to the other firm: the Nash fee, and the range of fees
    both firms accept (money per month; per shared prediction when predictions are
    shared)."""

    payer: int
    monthly: Number
    low: Number
    high: Number
    per_prediction: Number | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "payer": self.payer,
            "payee": 3 - self.payer,
            "monthly": float(self.monthly),
            "range_monthly": [float(self.low), float(self.high)],
            "per_prediction": None if self.per_prediction is None else float(self.per_prediction),
        }


@dataclass(frozen=True)
class PricedContract:
    """One contract (or a contract with its Nash fee) in money, per firm."""

    name: str
    contract: str
    gross_per_loan: tuple[Number, Number]
    gross: tuple[Number, Number]
    costs: tuple[CostBreakdown, CostBreakdown]
    net: tuple[Number, Number]
    payback_month: tuple[int | None, int | None]
    engine_accepts: tuple[bool, bool]
    fee: Fee | None = None

    @property
    def roi(self) -> tuple[float | None, float | None]:
        """Net gain over cost, per firm (None when the contract costs the firm nothing)."""
        return tuple(  # type: ignore[return-value]
            float(n) / float(c.total) if c.total else None for n, c in zip(self.net, self.costs)
        )

    @property
    def accepts(self) -> tuple[bool, bool]:
        """Each firm accepts: individually rational for it and a net gain of at least zero
        (with a fee, the money settles the engine's refusal)."""
        if self.fee is not None:
            return (self.net[0] >= 0, self.net[1] >= 0)
        return (
            self.engine_accepts[0] and self.net[0] >= 0,
            self.engine_accepts[1] and self.net[1] >= 0,
        )

    @property
    def shared(self) -> int:
        return sum(Contract.named(self.contract).flags)

    @property
    def joint_net(self) -> Number:
        return self.net[0] + self.net[1]

    def preference(self) -> tuple[Any, ...]:
        """The best-proposal order (module docstring): smaller is better."""
        product = self.net[0] * self.net[1] if min(self.net) >= 0 else -1
        return (-product, -self.joint_net, self.shared, self.fee is not None, self.name)


def payback_month(terms: Terms, margin: Number, setup: Number) -> int | None:
    """The first month ``m >= 1`` whose cumulative net gain ``margin * months(m) - setup``
    is at least zero, or None within the horizon.

    >>> from contracts.terms import Terms
    >>> payback_month(Terms(horizon=24), 100, 250), payback_month(Terms(horizon=2), 100, 250)
    (3, None)
    """
    if margin <= 0:
        return 1 if margin == 0 and setup == 0 else None
    if not terms.discount:
        month = max(1, math.ceil(Fraction(setup) / Fraction(margin)))
        return month if month <= terms.horizon else None
    for month in range(1, terms.horizon + 1):
        if margin * terms.months(month) >= setup:
            return month
    return None


def price(
    terms: Terms,
    contract: str,
    gain_per_loan: Sequence[Number],
    engine_accepts: Sequence[bool],
) -> PricedContract:
    """One contract in money (module docstring); ``gain_per_loan`` per firm, in money."""
    parsed = Contract.named(contract)
    loans = terms.loans
    costs = (terms.contract_costs(parsed, 1), terms.contract_costs(parsed, 2))
    gross = (gain_per_loan[0] * loans, gain_per_loan[1] * loans)
    net = (gross[0] - costs[0].total, gross[1] - costs[1].total)
    months = terms.months()
    payback = tuple(
        payback_month(
            terms,
            (gross[f] - costs[f].running - costs[f].per_prediction - costs[f].ip_risk) / months,
            costs[f].setup,
        )
        for f in (0, 1)
    )
    return PricedContract(
        name=contract,
        contract=contract,
        gross_per_loan=(gain_per_loan[0], gain_per_loan[1]),
        gross=gross,
        costs=costs,
        net=net,
        payback_month=(payback[0], payback[1]),
        engine_accepts=(bool(engine_accepts[0]), bool(engine_accepts[1])),
    )


def with_fee(terms: Terms, priced: PricedContract) -> PricedContract | None:
    """The contract with its Nash fee, where it raises the joint net gain but one firm's
    net is below zero (else None)."""
    net = priced.net
    if priced.fee is not None or priced.joint_net <= 0 or min(net) >= 0:
        return None
    loser = 0 if net[0] < 0 else 1
    months = terms.months()
    nash = (net[1 - loser] - net[loser]) / 2 / months  # both end at half the joint net
    low, high = -net[loser] / months, net[1 - loser] / months
    predictions = Contract.named(priced.contract).flags[2:]
    shared = any(predictions)
    fee = Fee(
        payer=2 - loser,
        monthly=nash,
        low=low,
        high=high,
        per_prediction=nash / terms.volume if shared else None,
    )
    paid = nash * months
    moved = [paid, -paid] if loser == 0 else [-paid, paid]
    new_net = (net[0] + moved[0], net[1] + moved[1])
    payback = tuple(
        payback_month(
            terms,
            (priced.gross[f] + moved[f] - c.running - c.per_prediction - c.ip_risk) / months,
            c.setup,
        )
        for f, c in enumerate(priced.costs)
    )
    return PricedContract(
        name=f"{priced.contract}+fee",
        contract=priced.contract,
        gross_per_loan=priced.gross_per_loan,
        gross=priced.gross,
        costs=priced.costs,
        net=new_net,
        payback_month=(payback[0], payback[1]),
        engine_accepts=priced.engine_accepts,
        fee=fee,
    )


def price_all(
    terms: Terms,
    gains: Mapping[str, Sequence[Number]],
    engine_accepts: Mapping[str, Sequence[bool]],
    fees: bool = True,
) -> dict[str, PricedContract]:
    """Every contract priced, each followed by its fee variant where one exists."""
    out: dict[str, PricedContract] = {}
    for name, gain in gains.items():
        priced = price(terms, name, gain, engine_accepts[name])
        out[name] = priced
        variant = with_fee(terms, priced) if fees else None
        if variant is not None:
            out[variant.name] = variant
    return out


def best_proposal(priced: Mapping[str, PricedContract]) -> str:
    """The best proposal among the contracts both firms accept (module docstring)."""
    accepted = [p for p in priced.values() if all(p.accepts)]
    if not accepted:
        return "no"
    return min(accepted, key=PricedContract.preference).name
