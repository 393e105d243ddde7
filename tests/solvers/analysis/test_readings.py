"""Equilibrium readings (MODEL.md section 9): one equilibrium per contract, verdicts on
the picked ex-ante payoffs."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings

from solvers.analysis.environment import analyze
from solvers.analysis.readings import READINGS, pick
from tests.solvers.decision.test_recommend import informed_and_uninformed
from tests.strategies import environments


def test_trade_readings_pick_the_extreme_equilibria() -> None:
    """The indifferent firm 2 of C1 = 11/19: no-sharing has four equilibria trading 1/2,
    3/4, 3/4 and 1 (tests/solvers/equilibria/test_consumers.py)."""
    analysis = analyze(informed_and_uninformed(cost=Fraction(11, 19)), exact=True)
    best, worst = pick(analysis, "trade-best"), pick(analysis, "trade-worst")
    assert best.consumers["no"].trade_probability == 1
    assert worst.consumers["no"].trade_probability == Fraction(1, 2)
    # firm 2 granting always or never costs it nothing (it is indifferent), and firm 1
    # shares the good loans it grants when firm 2 grants them too
    assert best.payoff["no"][1] == worst.payoff["no"][1] == 0
    assert best.payoff["no"][0] < worst.payoff["no"][0]
    with pytest.raises(ValueError, match="reading = 'nash'"):
        pick(analysis, "nash")


@settings(max_examples=40, deadline=None)
@given(env=environments())
def test_readings_of_unique_equilibria_agree_and_contain_eq6(env) -> None:  # type: ignore[no-untyped-def]
    """With one equilibrium per contract every reading picks the same; and Eq. (6) IR
    (interim payoffs at least no-sharing's for every type) implies IR on ex-ante ones."""
    analysis = analyze(env, exact=True)
    readings = [pick(analysis, name) for name in READINGS]
    for reading in readings:
        assert "no" in reading.individually_rational
        for name, k in reading.picked.items():
            assert reading.payoff[name] == analysis.solutions[name].equilibria()[k].payoff
        assert set(reading.irpo) <= set(reading.pareto_optimal)
        assert reading.irpo  # dominance on picked payoffs is transitive: a maximal IR one exists
    if all(s.count == 1 for s in analysis.solutions.values()):
        assert len({r.irpo for r in readings}) == 1
        assert set(analysis.verdicts.individually_rational) <= set(
            readings[0].individually_rational
        )


def _key(reading: str, eq, view):  # type: ignore[no-untyped-def]
    """The reading's order, written out again from the module docstring."""
    if reading == "welfare":
        return (eq.payoff[0] + eq.payoff[1], eq.payoff[0])
    quantity = view.trade_probability if reading.startswith("trade") else view.aligned_welfare
    return quantity if reading.endswith("best") else -quantity


def test_a_tie_is_resolved_to_the_first_listed_equilibrium_by_hand() -> None:
    """C1 = 11/19: firm 2 is indifferent and no-sharing has four equilibria; under every
    reading the picked one is the first of those the reading ranks highest (the order
    written out again from the module docstring)."""
    analysis = analyze(informed_and_uninformed(cost=Fraction(11, 19)), exact=True)
    views = analysis.solutions["no"].consumer_views()
    for reading in READINGS:
        keys = [_key(reading, e, v) for e, v in
                zip(analysis.solutions["no"].equilibria(), views)]  # fmt: skip
        assert pick(analysis, reading).picked["no"] == keys.index(max(keys))
