"""Playing profiles on realizations, and the recommended contract."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts import Contract, Environment, Utility, worked_cases
from contracts.information import information_structure
from solvers.analysis.environment import analyze
from solvers.decision.realized import realized_utilities
from solvers.decision.recommend import recommend
from tests.strategies import contracts, environments, one_world, oracle_payoffs


def every_realization(env: Environment):
    """All realizations of positive mass as row arrays, with their exact masses."""
    joint = env.joint_mass  # (T1, T2, 2, S1, S2)
    cells = [(idx, m) for idx, m in np.ndenumerate(joint) if m > 0]
    t1, t2, y, s1, s2 = (np.array([c[0][k] for c in cells]) for k in range(5))
    return (t1, t2, s1, s2, y), [m for _, m in cells]


@settings(max_examples=60, deadline=None)
@given(env=environments(), contract=contracts, data=st.data())
def test_realized_utilities_average_to_the_oracle_payoffs(env, contract, data) -> None:
    """Weighted by the joint law, the rows' utilities are the ex-ante payoffs of the
    reference model (tests/reference.py), for pure and mixed profiles."""
    info = information_structure(env, contract)
    values = st.sampled_from([0, 1, Fraction(1, 3), Fraction(3, 4)])
    profile = tuple(tuple(data.draw(values) for _ in info.cells[f]) for f in (0, 1))
    rows, masses = every_realization(env)
    utilities = realized_utilities(env, contract, profile, rows)
    assert utilities.dtype == np.float64 and utilities.shape == (len(masses), 2)  # docstring
    want = oracle_payoffs(env, contract, profile)
    got = [sum(float(m) * u for m, u in zip(masses, utilities[:, f])) for f in (0, 1)]
    assert got == pytest.approx([float(w) for w in want], abs=1e-9)


def test_a_realization_the_environment_excludes_is_refused() -> None:
    """Signals that always agree: a row where they differ cannot be played."""
    half, zero = Fraction(1, 2), Fraction(0)
    env = one_world([[[half, zero], [zero, zero]], [[zero, zero], [zero, half]]],
                    Utility.significant_action(1, 1))  # fmt: skip
    full = Contract.named("full")
    info = information_structure(env, full)
    profile = tuple(tuple(0 for _ in info.cells[f]) for f in (0, 1))
    rows = tuple(np.array([v, v]) for v in (0, 0))
    good = rows + (np.array([0, 1]), np.array([0, 1]), np.array([0, 1]))
    assert realized_utilities(env, full, profile, good).tolist() == [[0.0, 0.0], [0.0, 0.0]]
    bad = rows + (np.array([0, 0]), np.array([0, 1]), np.array([1, 1]))
    with pytest.raises(
        ValueError, match=r"row 1 \(t1, t2, s1, s2\) = \(0, 0, 0, 1\) has probability 0"
    ):
        realized_utilities(env, full, profile, bad)


def informed_and_uninformed(cost: int) -> Environment:
    """One world, y uniform; firm 1's signal is right 9 times in 10, firm 2's is noise
    (the second label of each is the positive one)."""
    table = [[[Fraction(9, 40), Fraction(9, 40)], [Fraction(1, 40), Fraction(1, 40)]],
             [[Fraction(1, 40), Fraction(1, 40)], [Fraction(9, 40), Fraction(9, 40)]]]  # fmt: skip
    return one_world(table, Utility.significant_action(1, cost), positive_signals=("b", "y"))


def test_the_informed_firm_refuses_to_share_its_predictions() -> None:
    """Worked by hand: under no-sharing firm 1 grants on s1 = 1 and earns
    1/2 (9/10 - 2/10) = 7/20, firm 2 never grants (1/2 - 1 < 0). Sharing predictions
    lets firm 2 grant beside firm 1 and halves firm 1's payoff: 7/40 each."""
    result = recommend(analyze(informed_and_uninformed(cost=2), exact=True))
    infer = result.outcomes["infer"]
    assert result.disagreement == (Fraction(7, 20), Fraction(0))
    assert infer.payoff == (Fraction(7, 40), Fraction(7, 40))
    assert infer.gain == (Fraction(-7, 40), Fraction(7, 40))
    assert infer.accepts == (False, True) and infer.refused_by == (1,)
    assert not infer.individually_rational
    assert result.outcomes["full"].refused_by == (1,)
    assert result.contract == "no"  # train changes nothing here: no-sharing is simpler
    assert result.outcomes["train"].gain == (0, 0) and result.outcomes["train"].irpo
    # the bargaining solutions cannot pay firm 2 without hurting firm 1: no-sharing
    assert result.nash.payoff == result.disagreement


def test_when_nothing_changes_no_sharing_is_recommended() -> None:
    """Without a cost every firm grants every loan under every contract."""
    result = recommend(analyze(informed_and_uninformed(cost=0), exact=True))
    assert result.contract == "no"
    assert all(o.gain == (0, 0) and o.accepts == (True, True) for o in result.outcomes.values())


@pytest.mark.parametrize("name", sorted(worked_cases()))
def test_worked_cases_recommend_an_irpo_contract(name: str) -> None:
    analysis = analyze(worked_cases()[name], exact=True)
    result = recommend(analysis)
    assert result.contract in analysis.verdicts.irpo
    for contract, outcome in result.outcomes.items():
        assert outcome.contract == contract
        assert outcome.equilibria == analysis.solutions[contract].count
        assert outcome.irpo == (contract in analysis.verdicts.irpo)
        solution = analysis.solutions[contract].equilibria()
        welfare = max(e.payoff[0] + e.payoff[1] for e in solution)
        assert outcome.payoff[0] + outcome.payoff[1] == welfare


@settings(max_examples=40, deadline=None)
@given(env=environments())
def test_recommendations_are_irpo_and_ir_means_both_accept(env: Environment) -> None:
    analysis = analyze(env, exact=True)
    result = recommend(analysis)
    assert result.contract in (analysis.verdicts.irpo or analysis.verdicts.individually_rational)
    for outcome in result.outcomes.values():
        if outcome.individually_rational:
            assert outcome.accepts == (True, True)
    chosen = result.chosen.gain
    for name in analysis.verdicts.irpo:
        g = result.outcomes[name].gain
        if min(g) >= 0 and min(chosen) >= 0:
            assert g[0] * g[1] <= chosen[0] * chosen[1]
    assert result.outcomes["no"].accepts == (True, True)
    # gains are measured against no-sharing played the same way: its own gain is zero,
    # even when its equilibria differ (the bargaining disagreement is each firm's worst)
    assert result.outcomes["no"].gain == (0, 0)
    worst = [min(e.payoff[f] for e in analysis.solutions["no"].equilibria()) for f in (0, 1)]
    assert list(result.disagreement) == worst


def test_the_recommendation_carries_the_nash_and_kalai_smorodinsky_solutions() -> None:
    """At hypotheses-1/10 the two solutions differ; each is the polygon method's solution
    of the analysis's bargaining problem (one equilibrium per contract)."""
    from solvers.bargaining import bargain
    from solvers.bargaining.problem import bargaining_problem

    analysis = analyze(worked_cases()["hypotheses-1/10"], exact=True)
    result = recommend(analysis)
    problem = bargaining_problem(analysis, equilibrium_lotteries=False)
    assert result.nash.payoff == bargain(problem, "nash", method="polygon").payoff
    assert result.kalai_smorodinsky.payoff == bargain(problem, "ks", method="polygon").payoff
    assert result.nash.payoff != result.kalai_smorodinsky.payoff


def test_the_json_has_the_keys_the_readme_documents() -> None:
    """README, the data JSON's `recommendation`: `recommended`, `disagreement`, `contracts`
    (per contract its documented keys), `nash` and `kalai_smorodinsky`, with the values
    of the recommendation."""
    import re

    from tests.readme import json_bullet, key_names

    text = json_bullet("predshare.data/1", "recommendation")
    start = re.search(r"\(per\s+contract", text).start()  # type: ignore[union-attr]
    per_contract = key_names(text[start : text.index(")", start)])
    analysis = analyze(worked_cases()["hypotheses-1/10"], exact=True)
    result = recommend(analysis)
    entry = result.to_dict()
    assert set(entry) == {"recommended", "disagreement", "contracts", "nash", "kalai_smorodinsky"}
    assert set(entry) <= key_names(text)
    assert entry["recommended"] == result.contract
    assert entry["disagreement"] == [float(v) for v in result.disagreement]
    assert set(entry["contracts"]) == set(analysis.solutions)
    for name, row in entry["contracts"].items():
        outcome = result.outcomes[name]
        assert set(row) == per_contract
        assert row["payoff"] == [float(v) for v in outcome.payoff]
        assert row["accepts"] == list(outcome.accepts)
    assert entry["nash"] == result.nash.to_dict()


def flows(name: str) -> int:
    return sum(Contract.named(name).flags)


def test_contracts_that_lose_for_a_firm_tie_however_small_their_loss() -> None:
    """Every IRPO contract here gives firm 2 a negative gain: none has a Nash product to
    rank by, their total gains are equal (zero), so the fewest flows and then the name
    decide; the size of each one's loss (the product of the gains) plays no part."""
    from contracts import two_hypotheses

    analysis = analyze(two_hypotheses("2/5", "1/5", "1/10", "9/20"), "directional", exact=True)
    result = recommend(analysis)
    irpo = analysis.verdicts.irpo
    gains = {c: result.outcomes[c].gain for c in irpo}
    assert len(irpo) == 4 and all(g[0] > 0 > g[1] and g[0] + g[1] == 0 for g in gains.values())
    assert len({g[0] * g[1] for g in gains.values()}) == 2  # losses of two sizes
    assert result.contract == min(irpo, key=lambda c: (flows(c), c)) == "model1>2"


def test_equal_nash_products_go_to_the_larger_total_gain() -> None:
    """Three IRPO contracts where one firm gains nothing (Nash product 0): the larger
    total gain wins, then the fewest flows."""
    from contracts import correlation

    env = correlation("4/5", "1/2", [("max", "1/3"), ("min", "1/3"), ("max", "1/3")],
                      reward="1/2", cost="3/2")  # fmt: skip
    analysis = analyze(env, "directional", exact=True)
    result = recommend(analysis)
    gains = {c: result.outcomes[c].gain for c in analysis.verdicts.irpo}
    assert all(g[0] * g[1] == 0 for g in gains.values())
    totals = {c: g[0] + g[1] for c, g in gains.items()}
    assert len(set(totals.values())) == 2  # the totals differ
    best = max(totals.values())
    assert result.contract == min((c for c in totals if totals[c] == best), key=lambda c: (flows(c), c))
    assert totals[result.contract] == Fraction(1, 40)
