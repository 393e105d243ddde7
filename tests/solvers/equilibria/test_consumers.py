"""Consumer quantities of equilibria (MODEL.md section 9): hand-worked cases, the
manuscript's exact numbers, and invariants over random environments."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts import Contract, Utility
from contracts.settings import correlation
from solvers.analysis.environment import analyze, solve_contract
from solvers.equilibria.consumers import consumer_expectation, patterns
from solvers.game import BayesianGame
from tests.solvers.decision.test_recommend import informed_and_uninformed
from tests.strategies import contracts, environments, one_world


def views(env, contract: str, exact: bool = True):  # type: ignore[no-untyped-def]
    solution = solve_contract(env, Contract.named(contract), exact=exact)
    return solution, solution.consumer_views()


def test_one_world_by_hand() -> None:
    """Firm 1 is right 9 times in 10, firm 2 sees noise, R1 = 1, C1 = 2. No-sharing:
    firm 1 grants on s1 = 1 (half the loans), firm 2 never: trade 1/2, welfare
    1/2 (9/10 - 2/10) = 7/20. Sharing predictions: firm 2 grants beside firm 1 on the
    same loans, so trade stays 1/2 and the welfare, now split, stays 7/20."""
    env = informed_and_uninformed(cost=2)
    # P(someone declines): always without sharing (firm 2), half the time with it
    for contract, declined in (("no", Fraction(1)), ("infer", Fraction(1, 2))):
        _, (view,) = views(env, contract)
        assert view.trade_probability == Fraction(1, 2)
        assert view.aligned_welfare == Fraction(7, 20)
        assert view.offered == (declined, Fraction(1, 2))
        assert view.strict
    _, (no,) = views(env, "no")
    assert no.patterns == ({"w": "follows"}, {"w": "inactive"})
    _, (infer,) = views(env, "infer")
    assert infer.patterns == ({"w": "follows"}, {"w": "depends"})


@pytest.mark.parametrize("positive", ["lo", "hi"])
def test_three_signals_read_from_least_to_most_positive(positive: str) -> None:
    """Firm 1 sees lo, mid or hi; each of its eight pure strategies reads, from the least
    to the most positive signal: all 0 inactive, all 1 always, rising follows, falling
    against, and up-then-down or down-then-up depends (only three signals can do that)."""
    sixth = Fraction(1, 6)
    env = one_world([[[sixth]] * 3] * 2, Utility.significant_action(1, 1),
                    signal_labels=(("lo", "mid", "hi"), ("x",)),
                    positive_signals=(positive, "x"))  # fmt: skip
    game = BayesianGame.build(env, Contract.named("no"))
    cell = dict(zip(game.plays.signals[0].tolist(), game.plays.cells[0].tolist()))
    assert sorted(cell) == [0, 1, 2] and sorted(cell.values()) == [0, 1, 2]
    expected = {(0, 0, 0): "inactive", (1, 1, 1): "always", (0, 0, 1): "follows",
                (0, 1, 1): "follows", (1, 0, 0): "against", (1, 1, 0): "against",
                (0, 1, 0): "depends", (1, 0, 1): "depends"}  # fmt: skip
    for acts in product((0, 1), repeat=3):  # acts on lo, mid, hi
        strategy = [0, 0, 0]
        for signal, act in enumerate(acts):
            strategy[cell[signal]] = act
        read = acts if positive == "hi" else acts[::-1]
        shape = patterns(game, (strategy, [0]))
        assert shape == ({"w": expected[read]}, {"w": "inactive"}), (acts, shape)


def test_an_indifferent_firm_gives_four_weak_equilibria() -> None:
    """With C1 = 11/19 firm 2's gain from granting is 1/2 (9/20 - 11/190) + 1/2 (1/10 -
    99/190) = 0 whatever its (noise) signal says: each of its two cells may grant or not.
    None of the four equilibria is strict; trade is 1/2 + 1/2 P(firm 2 grants): 1/2,
    3/4, 3/4, 1; granting on signal 0 only bets against the signal (inverted)."""
    env = informed_and_uninformed(cost=Fraction(11, 19))
    solution, listed = views(env, "no")
    assert solution.count == 4
    assert sorted(v.trade_probability for v in listed) == [
        Fraction(1, 2),
        Fraction(3, 4),
        Fraction(3, 4),
        Fraction(1),
    ]
    assert not any(v.strict for v in listed)
    assert sorted(v.patterns[1]["w"] for v in listed) == ["against", "always", "follows",
                                                          "inactive"]  # fmt: skip
    assert [v.inverted for v in listed] == [v.patterns[1]["w"] == "against" for v in listed]


def test_example_4_7_is_inverted_and_trades_as_stated() -> None:
    """MODEL.md section 9, Example 4.7: exact trade probabilities 209/240 and 283/400."""
    env = correlation("3/4", "101/200", [("13/50", "1/3"), ("1/2", "2/3")], 1, "143/200")
    analysis = analyze(env, exact=True)
    assert analysis.verdicts.irpo == ("train",)
    (train,) = analysis.solutions["train"].consumer_views()
    (no,) = analysis.solutions["no"].consumer_views()
    assert train.trade_probability == Fraction(209, 240)
    assert no.trade_probability == Fraction(283, 400)
    assert train.inverted and train.strict and not no.inverted
    assert train.patterns[1] == {"w0": "follows", "w1": "against"}
    # per world, exact on the exact path, and averaging back to the totals under the prior
    for key, total in (("trade_probability", train.trade_probability),
                       ("aligned_welfare", train.aligned_welfare)):  # fmt: skip
        parts = [train.by_world[w][key] for w in env.worlds]
        assert all(isinstance(v, Fraction) for v in parts)
        assert sum(p * v for p, v in zip(env.prior, parts)) == total
    # Lemma 4.2's default consumer wants the loan: success 1, failure 0
    assert train.opportunity() == train.trade_probability


def test_theorem_4_4_part_2_full_sharing_raises_trade() -> None:
    """alpha = 7/10, beta = 3/5, C1 = 3, one independent world: no-sharing is inactive
    and full-sharing trades 27/100 (the manuscript's number)."""
    env = correlation("7/10", "3/5", [("indep", 1)], 1, 3)
    analysis = analyze(env, exact=True)
    (no,) = analysis.solutions["no"].consumer_views()
    assert no.trade_probability == 0
    assert no.patterns == ({"w0": "inactive"}, {"w0": "inactive"})
    assert [v.trade_probability for v in analysis.solutions["full"].consumer_views()] == [
        Fraction(27, 100)
    ]


@settings(max_examples=60, deadline=None)
@given(env=environments(), contract=contracts, exact=st.booleans())
def test_aligned_welfare_is_the_sum_of_the_payoffs(env, contract, exact) -> None:  # type: ignore[no-untyped-def]
    solution = solve_contract(env, contract, exact=exact)
    for eq, view in zip(solution.equilibria(), solution.consumer_views()):
        total = eq.payoff[0] + eq.payoff[1]
        if exact:
            assert view.aligned_welfare == total
        else:
            assert view.aligned_welfare == pytest.approx(float(total), abs=1e-12)
        # the per-world conditional values average back to the totals under the prior
        weighted = sum(p * view.by_world[w]["trade_probability"]
                       for w, p in zip(env.worlds, env.prior))  # fmt: skip
        assert weighted == pytest.approx(view.trade_probability, abs=1e-12)
        slack = 0 if exact else 1e-12  # float64 sums of masses
        assert -slack <= view.trade_probability <= 1 + slack


@settings(max_examples=40, deadline=None)
@given(
    env=environments(),
    contract=contracts,
    success=st.fractions(-3, 3),
    spread=st.fractions(Fraction(1, 10), 3),
    preferred=st.sampled_from([0, 1]),
)
def test_the_opportunity_seeking_utility_is_affine(  # type: ignore[no-untyped-def]
    env, contract, success, spread, preferred
) -> None:
    """Lemma 4.2: failure + (success - failure) P(preferred action offered), checked
    against a direct expectation of the consumer's ex-post utility."""
    failure = success - spread
    solution = solve_contract(env, contract, exact=True)
    for eq, view in zip(solution.equilibria(), solution.consumer_views()):
        direct, _ = consumer_expectation(
            solution.game,
            eq.strategy,
            lambda a1, y, a2: success if preferred in (a1, a2) else failure,
        )
        assert view.opportunity(preferred, success, failure) == direct
        if preferred == 1:
            assert view.opportunity(1, 1, 0) == view.trade_probability


@settings(max_examples=40, deadline=None)
@given(env=environments(), contract=contracts)
def test_swapping_the_firms_leaves_trade_unchanged(env, contract) -> None:  # type: ignore[no-untyped-def]
    ours = solve_contract(env, contract, exact=True).consumer_views()
    theirs = solve_contract(env.swapped(), contract.swapped(), exact=True).consumer_views()
    assert sorted(v.trade_probability for v in ours) == sorted(v.trade_probability for v in theirs)
    assert sorted(v.aligned_welfare for v in ours) == sorted(v.aligned_welfare for v in theirs)


def test_bad_consumer_parameters_are_refused() -> None:
    _, (view,) = views(informed_and_uninformed(cost=2), "no")
    with pytest.raises(ValueError, match="preferred = 2"):
        view.opportunity(2)
    with pytest.raises(ValueError, match="need failure < success"):
        view.opportunity(1, success=0, failure=0)
    assert Utility.significant_action(1, 2).cost1 == 2
