"""Free-tie families (solvers.equilibria.free_ties, module docstring): counted, listed by their
extreme members, and giving exactly what the full listing gives."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import solvers.equilibria.pure as pure
from contracts import Contract
from contracts.settings import two_hypotheses
from solvers.analysis.environment import analyze, solve_contract
from solvers.equilibria import free_ties
from tests.strategies import indifferent_correlation, integer_side, side_with_gains

# count games (MODEL.md section 10) whose no-sharing component has free ties
FREE_TIES = [
    (1, ("1/2", "1/2", "1/2", "0")),
    (2, ("1/4", "1/5", "1/2", "3/10")),
    (2, ("1/2", "1/2", "1/2", "0")),
    (3, ("1/4", "1/5", "1/2", "2/5")),
]


def _analysis(monkeypatch: pytest.MonkeyPatch, summarized_from: int, n: int, params):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(free_ties, "SUMMARIZED_FROM", summarized_from)
    return analyze(two_hypotheses(*params, samples=n), exact=True)


@pytest.mark.parametrize(("n", "params"), FREE_TIES)
def test_a_summarized_family_gives_what_the_full_listing_gives(
    monkeypatch: pytest.MonkeyPatch, n: int, params: tuple[str, ...]
) -> None:
    """Same count, IR/IRPO and dominance edges; the listed members are equilibria of the
    full listing and carry its extreme ex-ante payoffs, trade and welfare."""
    full = _analysis(monkeypatch, 2**30, n, params)
    summary = _analysis(monkeypatch, 1, n, params)
    assert any(not s.listed for s in summary.solutions.values())
    assert all(s.listed for s in full.solutions.values())
    assert summary.verdicts.edges() == full.verdicts.edges()
    assert summary.verdicts.irpo == full.verdicts.irpo
    for name, whole in full.solutions.items():
        part = summary.solutions[name]
        assert part.count == whole.count
        listed = part.equilibria()
        everything = whole.equilibria()
        assert {e.strategy for e in listed} <= {e.strategy for e in everything}
        for f in (0, 1):
            assert max(e.payoff[f] for e in listed) == max(e.payoff[f] for e in everything)
            assert min(e.payoff[f] for e in listed) == min(e.payoff[f] for e in everything)
            assert part.interim_maxima(f) == whole.interim_maxima(f)
        trade = [Fraction(v.trade_probability) for v in part.consumer_views()]
        all_trade = [Fraction(v.trade_probability) for v in whole.consumer_views()]
        assert (min(trade), max(trade)) == (min(all_trade), max(all_trade))
        assert part.welfare_best().payoff == whole.welfare_best().payoff
        assert listed[0].strategy == everything[0].strategy  # the first-listed is kept


@pytest.mark.parametrize(("n", "params"), FREE_TIES)
def test_a_family_of_either_firm_is_summarized_alike(
    monkeypatch: pytest.MonkeyPatch, n: int, params: tuple[str, ...]
) -> None:
    """Relabelling the firms moves each free-tie family to the other firm's cells: the
    counts, each firm's extreme ex-ante payoffs and the verdicts are the same. (Whether a
    family is summarized depends on the search reaching a node where only one firm's
    cells are open, so a listing may be whole under one labelling and summarized under
    the other; the swapped train-sharing game at N = 1 is summarized on firm 2's side.)"""
    from contracts import Contract

    monkeypatch.setattr(free_ties, "SUMMARIZED_FROM", 1)
    env = two_hypotheses(*params, samples=n)
    result, swapped = analyze(env, exact=True), analyze(env.swapped(), exact=True)
    for name, here in result.solutions.items():
        there = swapped.solutions[Contract.named(name).swapped().name]
        assert here.count == there.count, name
        for f in (0, 1):
            ours = [e.payoff[f] for e in here.equilibria()]
            theirs = [e.payoff[1 - f] for e in there.equilibria()]
            assert (min(ours), max(ours)) == (min(theirs), max(theirs)), name
    assert result.verdicts.edges() == swapped.verdicts.edges()
    assert result.verdicts.irpo == swapped.verdicts.irpo


def test_a_family_is_counted_as_two_to_the_free_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """At N = 3, (1/4, 1/5, 0, 1/2) no-sharing has 512 = 2 * 2^8 equilibria: two firm-2
    strategies whose replies leave 8 cells of firm 1 free. Listed: the extreme members."""
    summary = _analysis(monkeypatch, 1, 3, ("1/4", "1/5", "0", "1/2")).solutions["no"]
    assert summary.count == 512 and summary.listed_count < 512 and not summary.listed
    assert summary.to_dict(limit=1)["listed"] is False


def test_coupled_ties_beyond_the_limit_are_refused_naming_the_merged_game(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """At N = 5, (1/4, 1/5, 1/2, 0) the indifferent cells are coupled (firm 2's best
    reply depends on how many act): the count game is refused in one line that names
    --types posterior, which solves the merged game."""
    from predshare.cli import main

    args = ["solve", "hypotheses", "--prior-i", "1/4", "--kappa", "1/5", "--lambda", "1/2",
            "--mu", "0", "--samples", "5"]  # fmt: skip
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "indifferent at once" in err and "--types posterior" in err
    assert main([*args, "--types", "posterior"]) == 0


def test_component_listing_never_summarizes(monkeypatch: pytest.MonkeyPatch) -> None:
    """``component_pure_equilibria`` (the listing the benchmarks and cross-checks use)
    lists every member of a free-tie family; ``component_equilibrium_count`` counts
    them all and lists the extreme members."""
    from contracts import Contract
    from solvers.game import BayesianGame

    monkeypatch.setattr(free_ties, "SUMMARIZED_FROM", 1)
    env = two_hypotheses("1/2", "1/2", "1/2", "0", samples=2)
    (sub,) = BayesianGame.build(env, Contract.named("no")).subgames
    listed = pure.component_pure_equilibria(sub, exact=True)
    summary, count = pure.component_equilibrium_count(sub, exact=True)
    assert len(listed) == count == 64 and len(summary) < count
    assert set(summary) <= set(listed)


#: count games with tie rows of which some completions are equilibria and some are not
#: (coupled ties): full-sharing has 3 equilibria at the first
COUPLED_TIES = [
    (1, ("1/4", "1/10", "0", "2/5")),
    (1, ("1/4", "1/5", "1/10", "1/2")),
    (1, ("1/4", "1/2", "0", "1/2")),
    (1, ("1/4", "1/5", "1/2", "3/10")),
]


@pytest.mark.parametrize(("n", "params"), COUPLED_TIES)
def test_coupled_ties_are_never_summarized(
    monkeypatch: pytest.MonkeyPatch, n: int, params: tuple[str, ...]
) -> None:
    """Even when every family may be summarized, a tie row whose completions are not all
    equilibria is enumerated: the counts, the listings and the verdicts are the full
    listing's."""
    full = _analysis(monkeypatch, 2**30, n, params)
    summary = _analysis(monkeypatch, 1, n, params)
    for name, whole in full.solutions.items():
        part = summary.solutions[name]
        assert part.count == whole.count, name
        assert {e.strategy for e in part.equilibria()} <= {e.strategy for e in whole.equilibria()}
    assert summary.verdicts.edges() == full.verdicts.edges()


def test_the_box_check_is_exact_beyond_float64s_integers() -> None:
    """Gains past 2^53 are compared in exact integers: with base 2^60 and a free cell of
    weight 2^60 + 1 the own cell's worst gain is -1, so action 1 is not a best response
    to every completion; in float64 both are 2^60 and the worst gain would read 0."""
    x, reply, free, labels = np.array([1]), np.array([0]), np.array([0]), np.array([0])
    refused = side_with_gains(2**60, 2**60 + 1)
    assert float(2**60 + 1) == float(2**60)  # the numbers float64 cannot tell apart
    assert free_ties.free_tie_members(x, reply, free, refused, labels) is None
    kept = side_with_gains(2**60, 2**60 - 2)  # worst gain 2: a best response throughout
    assert free_ties.free_tie_members(x, reply, free, kept, labels) == [(0,), (1,)]


@pytest.mark.parametrize(
    ("e0", "e1", "x", "reply", "kept"),
    [
        # action 0 at gain -1 against a free weight of -2: the completion that plays the
        # free cell lifts the gain to 1, so 0 is not a best response to every completion
        ([[-1]], [[-1]], [0], [0], False),
        # action 0 at gain 1 with a free weight of 2, which can only lower it: the
        # completion that leaves the free cell at 0 keeps the gain at 1: refused
        ([[1]], [[1]], [0], [0], False),
        # action 0 at gain -3 against a free weight of -1: at most -2, kept
        ([[0, 1]], [[-1, 0]], [0], [0, 0], True),
        # action 0 at gain -1 against a free weight of -1: at most 0, an indifference,
        # so still a best response: kept
        ([[0, -1]], [[-1, 0]], [0], [0, 0], True),
        # own gain 0 once the fixed cell's reply is counted; a free weight of 1 can take
        # it to -1, so action 1 is not a best response to every completion
        ([[0, 1]], [[1, 0]], [1], [0, 1], False),
        # a free cell of weight 0 cannot move the gain of 0: kept
        ([[0, 2]], [[0, 1]], [1], [0, 0], True),
        # each own cell's worst case counts its own free weights only: cell 0 has none
        # (worst gain 0), cell 1 a weight of 3 against a gain of 3
        ([[0, 2], [1, 0]], [[0, 1], [2, 0]], [1, 1], [0, 0], True),
    ],
)
def test_the_box_check_takes_each_cells_own_worst_case(e0, e1, x, reply, kept) -> None:  # type: ignore[no-untyped-def]
    side = integer_side(e0, e1)
    assert side.gain_scale == 1  # the integers above are the gains themselves
    found = free_ties.free_tie_members(
        np.array(x), np.array(reply), np.array([0]), side, np.zeros(len(x), dtype=int)
    )
    assert (found is not None) == kept
    if kept:  # both completions of the free cell, the rest of the reply as it was
        assert found == sorted({(0, *reply[1:]), (1, *reply[1:])})


def test_a_free_cell_that_raises_one_label_and_lowers_another_breaks_the_family() -> None:
    """Own cell 0 plays 1 (label 0), own cell 1 plays 0 (label 1), both best responses
    whatever the free cell does. The free cell's action lowers cell 0's value (-e1 / 2)
    and raises cell 1's (e0 / 2): under one label it helps, under the other it hurts, so
    the family has no extreme members by label and is not summarized; with both cells
    under one label the effects cancel and it is."""
    side = integer_side([[0], [1]], [[1], [0]])
    args = (np.array([1, 0]), np.array([0]), np.array([0]), side)
    assert free_ties.free_tie_members(*args, np.array([0, 1])) is None
    assert free_ties.free_tie_members(*args, np.array([0, 0])) == [(0,), (1,)]


def test_effects_are_summed_per_label_in_exact_integers() -> None:
    """Under label 0 the free cell's effects on own cells 0 and 1 are 2^60 + 1 and -2^60:
    it raises label 0's payoff by 1, while it lowers label 1's (own cell 2), so the family
    is broken. In float64 the first sum reads 0 and the conflict would be missed."""
    big = 2**60
    side = integer_side([[big + 1], [-big], [-1]], [[-2 * big], [-2 * big], [-2 * big]])
    x, labels = np.array([0, 0, 0]), np.array([0, 0, 1])
    assert free_ties.free_tie_members(x, np.array([0]), np.array([0]), side, labels) is None
    assert float(big + 1) - float(big) == 0  # what float64 would have summed


def test_each_free_cell_is_judged_by_its_own_effects() -> None:
    """Free cell 0 raises label 0's payoff, free cell 1 lowers it, and neither moves label
    1's: no conflict, so the family's extreme members are all off, all on, the raising
    cell alone and the lowering cell alone."""
    side = integer_side([[1, -1], [0, 0]], [[-5, -5], [-5, -5]])
    found = free_ties.free_tie_members(np.array([0, 0]), np.array([0, 0]), np.array([0, 1]),
                                       side, np.array([0, 1]))  # fmt: skip
    assert found == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_in_a_square_component_firm_1_is_enumerated_and_firm_2s_ties_are_counted() -> None:
    """Zero rewards and costs, six worlds, no sharing: one component of 12 x 12 cells in
    which every profile is an equilibrium. With as many cells on each side, firm 1's
    strategies are enumerated (each of its 2^12 is listed) and firm 2's 2^12 tie
    completions, a free family, are counted and listed by their two extreme members."""
    worlds = [("indep", Fraction(1, 6))] * 6
    env = indifferent_correlation(worlds)
    solution = solve_contract(env, Contract.named("no"), exact=True)
    assert [(len(c.cells1), len(c.cells2)) for c in solution.game.components] == [(12, 12)]
    assert solution.count == 2**24 and solution.listed_count == 2**13
    listed = list(solution.profiles())
    assert len({x for x, _ in listed}) == 2**12
    assert {y for _, y in listed} == {(0,) * 12, (1,) * 12}
