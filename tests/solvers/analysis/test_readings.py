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
    with pytest.raises(ValueError) as error:
        pick(analysis, "nash")
    assert str(error.value) == f"reading = 'nash': must be one of {', '.join(READINGS)}"
    assert [pick(analysis, r).name for r in READINGS] == list(READINGS)


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


@pytest.mark.parametrize(
    ("samples", "params"),
    [
        (1, ("1/4", "1/5", "1/2", "3/10")),
        (1, ("1/2", "1/5", "3/10", "2/5")),
        (2, ("1/2", "1/2", "1/2", "0")),
    ],  # fmt: skip
)
def test_ties_at_the_top_go_to_the_first_listed_in_every_reading(samples, params) -> None:  # type: ignore[no-untyped-def]
    """Count games of MODEL.md section 10 whose contracts have several equilibria tied at
    the top of a reading (free ties, symmetric splits): each reading picks, per contract,
    the first-listed of the equilibria it ranks highest, and IR on the picked payoffs
    keeps no-sharing and the contracts that give both firms at least its payoffs."""
    from contracts.settings import two_hypotheses

    analysis = analyze(two_hypotheses(*params, samples=samples), exact=True)
    tied = 0
    for reading in READINGS:
        chosen = pick(analysis, reading)
        for name, solution in analysis.solutions.items():
            keys = [_key(reading, e, v) for e, v in
                    zip(solution.equilibria(), solution.consumer_views())]  # fmt: skip
            assert chosen.picked[name] == keys.index(max(keys)), (reading, name)
            tied += keys.count(max(keys)) > 1
        no = chosen.payoff["no"]
        expected = [c for c, u in chosen.payoff.items()
                    if c == "no" or (u[0] >= no[0] and u[1] >= no[1])]  # fmt: skip
        assert list(chosen.individually_rational) == expected
    assert tied  # the point has ties at the top


def test_welfare_ranks_by_the_sum_of_the_payoffs_then_firm_1s() -> None:
    """No-sharing has equilibria paying (-2/11, -2/11) and (-1/11, -4/11): the welfare
    reading takes the first (sum -4/11 against -5/11), though firm 1 alone prefers the
    second."""
    from contracts import Environment, Utility

    f = Fraction
    env = Environment(
        worlds=("w0",), prior=(f(1),), training_labels=(("0",), ("0", "1")),
        signal_labels=(("a", "b"), ("w", "x")), training=(((f(1, 3), f(2, 3)),),),
        inference=((((f(1, 11), f(1, 11)), (f(2, 11), f(2, 11))),
                    ((f(0), f(0)), (f(3, 11), f(2, 11)))),),
        utility=Utility(reward0=f(1), reward1=f(1), cost0=f(2), cost1=f(2)),
    )  # fmt: skip
    analysis = analyze(env, exact=True)
    payoffs = [e.payoff for e in analysis.solutions["no"].equilibria()]
    assert sorted(payoffs) == sorted([(f(-2, 11), f(-2, 11)), (f(-1, 11), f(-4, 11))])
    assert pick(analysis, "welfare").payoff["no"] == (f(-2, 11), f(-2, 11))
