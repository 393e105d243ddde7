"""The backtracking pure-equilibrium search: the same equilibria as
enumeration and as plain enumeration of whole profiles, ties included, and complete
answers on components enumeration cannot take."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings

from contracts import Contract, Environment, Utility
from predshare.bench.cases import correlation_worlds
from solvers import SolverLimitError, plain_enumeration, solve_contract, solve_equilibria
from solvers.equilibria import backtrack, pure
from solvers.equilibria.backtrack import backtrack_pure_equilibria
from solvers.equilibria.pure import enumerate_component
from solvers.game import BayesianGame
from tests.strategies import contracts, environments


@settings(max_examples=1000, deadline=None)
@given(env=environments(max_labels=3), contract=contracts)
def test_backtracking_finds_exactly_the_enumerated_equilibria(env, contract) -> None:  # type: ignore[no-untyped-def]
    """Random small games, many with exact ties (small integer utilities): the same
    profiles as enumeration, component by component and as whole games."""
    game = BayesianGame.build(env, contract)
    for sub in game.subgames:
        assert backtrack_pure_equilibria(sub)[0] == enumerate_component(sub, exact=True)
    ours = solve_equilibria(game, "backtrack", exact=True)
    assert ours.complete and ours.certificate() == 0
    # component by component (the whole game's list is their product, possibly huge)
    assert ours.parts == solve_equilibria(game, "enumerate", exact=True).parts


@settings(max_examples=200, deadline=None)
@given(env=environments(max_labels=2), contract=contracts)
def test_backtracking_agrees_with_plain_enumeration(env, contract) -> None:  # type: ignore[no-untyped-def]
    """Whole profiles, against the reference that checks every one (small games only)."""
    game = BayesianGame.build(env, contract)
    if sum(game.sizes) > 12:  # plain enumeration checks 2^(n1 + n2) profiles
        return
    whole = solve_equilibria(game, "backtrack", exact=True)
    assert set(whole.profiles()) == set(plain_enumeration(game, exact=True))


def one_world(signals: int, utility: Utility, uniform: bool = False) -> Environment:
    """One world, ``signals`` signals per firm; P(y = 1 | s1, s2) rises with both."""
    weights = [
        [[1 if uniform else (1 + 2 * signals - i - j if y == 0 else 1 + i + j)
          for j in range(signals)] for i in range(signals)]
        for y in (0, 1)
    ]  # fmt: skip
    total = sum(w for table in weights for row in table for w in row)
    table = [[[Fraction(w, total) for w in row] for row in t] for t in weights]
    labels = tuple(str(k) for k in range(signals))
    return Environment(("w",), (1,), (("0",), ("0",)), (labels, labels), ([[1]],), (table,),
                       utility)  # fmt: skip


def test_every_profile_is_an_equilibrium_when_nothing_is_at_stake() -> None:
    game = BayesianGame.build(one_world(3, Utility(0, 0, 0, 0), uniform=True),
                              Contract.named("no"))  # fmt: skip
    found, nodes = backtrack_pure_equilibria(game)
    assert len(found) == 2**6 and nodes == 2**7 - 1  # a full binary tree over 6 cells


def test_sixteen_signals_per_firm_agree_with_enumeration() -> None:
    game = BayesianGame.build(one_world(16, Utility.significant_action(1, Fraction(3, 2))),
                              Contract.named("no"))  # fmt: skip
    (sub,) = game.subgames
    assert sub.sizes == (16, 16)
    assert backtrack_pure_equilibria(sub)[0] == enumerate_component(sub, exact=True)


def test_twenty_four_worlds_are_solved_completely() -> None:
    """No-sharing with K = 24 worlds is one component of 48 x 48 cells: beyond
    enumeration (at most 22 cells a side), solved by the default method."""
    no = solve_contract(correlation_worlds(24), Contract.named("no"), exact=True)
    assert no.game.sizes == (48, 48) and len(no.parts) == 1
    assert no.complete and no.count >= 1 and no.certificate() == 0
    with pytest.raises(SolverLimitError, match="48 x 48 cells: enumeration handles"):
        enumerate_component(no.game.subgames[0], exact=True)


def test_a_search_over_budget_falls_back_to_enumeration(monkeypatch: pytest.MonkeyPatch) -> None:
    game = BayesianGame.build(one_world(16, Utility.significant_action(1, Fraction(3, 2))),
                              Contract.named("no"))  # fmt: skip
    (sub,) = game.subgames
    want = enumerate_component(sub, exact=True)
    monkeypatch.setattr(pure, "BACKTRACK_BUDGET", 0)
    assert pure.component_pure_equilibria(sub, exact=True) == want


def test_the_limits_name_what_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    ties = BayesianGame.build(one_world(4, Utility(0, 0, 0, 0), uniform=True),
                              Contract.named("no"))  # fmt: skip
    monkeypatch.setattr(backtrack, "MAX_EQUILIBRIA", 100)
    with pytest.raises(SolverLimitError, match="4 x 4 cells has more than 100 pure equilibria"):
        backtrack_pure_equilibria(ties)
    with pytest.raises(SolverLimitError, match="needed more than 10 nodes .* 'potential'"):
        backtrack_pure_equilibria(ties, max_nodes=10)


def _worlds(k: int, alpha: str, beta: str, cost: object, equal: bool = False) -> Environment:
    """k worlds evenly spaced from independence to maximal correlation (all at the midpoint
    with ``equal``), uniform prior, R1 = 1."""
    from contracts import correlation

    a, b = Fraction(alpha), Fraction(beta)
    low, high = a * b, min(a, b)
    step = Fraction(1, max(k - 1, 1))
    rhos = [(low + high) / 2 if equal else low + (high - low) * step * i for i in range(k)]
    return correlation(a, b, [(r, Fraction(1, k)) for r in rhos], 1, Fraction(str(cost)))


@pytest.mark.parametrize("k", [12, 13, 14])
def test_independent_ties_give_two_to_the_k_equilibria(k: int) -> None:
    """alpha = 4/5, beta = 7/10, C1 = 4 (firm 1's break-even): in every world firm 1 is
    indifferent on its own, whatever the rest does, so no-sharing has exactly 2^K
    equilibria; each passes an exact best-response check."""
    from itertools import islice

    from solvers.equilibria.equilibrium_set import profile_regret

    env = _worlds(k, "4/5", "7/10", 4)
    # the backtracking search lists them all
    solution = solve_contract(env, Contract.named("no"), exact=True, method="backtrack")
    assert solution.complete and solution.count == 2**k and solution.listed
    game = BayesianGame.build(env, Contract.named("no"))
    sample = list(islice(solution.profiles(), 0, 2**k, 2 ** (k - 6)))  # 64 spread out
    assert len(set(sample)) == 64
    assert all(profile_regret(game, p, exact=True) == 0 for p in sample)
    # the default counts them by structure: one free-tie family, its extreme members listed
    summary = solve_contract(env, Contract.named("no"), exact=True)
    assert summary.count == 2**k and not summary.listed and summary.listed_count <= 4
    assert set(summary.profiles()) <= set(solution.profiles())


def test_a_family_of_firm_two_is_counted_as_firm_ones() -> None:
    """The break-even environment with the firms relabelled: the free-tie family is now
    firm 2's cells, and the search counts it (2^K, summarized) and lists the same extreme
    members with the firms' strategies swapped."""
    k = 12
    env = _worlds(k, "4/5", "7/10", 4)
    ours = solve_contract(env, Contract.named("no"), exact=True)
    theirs = solve_contract(env.swapped(), Contract.named("no"), exact=True)
    assert theirs.count == ours.count == 2**k and not theirs.listed
    assert {(y, x) for x, y in theirs.profiles()} == set(ours.profiles())


@pytest.mark.parametrize("k", [11, 12])
def test_a_family_counted_by_structure_gives_the_listed_answers(k: int) -> None:
    """At the break-even point the whole analysis with the free-tie family counted (the
    default) and with every equilibrium listed (backtracking): the same counts, payoff
    ranges, Eq. (6) dominance and IRPO verdicts, all contracts."""
    from solvers import analyze
    from solvers.sweep.batch import analysis_row

    env = _worlds(k, "4/5", "7/10", 4)
    counted = analyze(env, exact=True)
    listed = analyze(env, exact=True, method="backtrack")
    assert counted.solutions["no"].count == 2**k and not counted.solutions["no"].listed
    assert listed.solutions["no"].listed and listed.solutions["no"].listed_count == 2**k
    # counts, each firm's payoff range, dominance bitmasks, IR, PO, IRPO (exact sums)
    assert analysis_row(counted) == analysis_row(listed)
    assert counted.verdicts.edges() == listed.verdicts.edges()
    no_counted, no_listed = counted.solutions["no"], listed.solutions["no"]
    for f in (0, 1):
        assert no_counted.interim_maxima(f) == no_listed.interim_maxima(f)


@pytest.mark.parametrize("k", [2, 3, 4, 6, 8])
def test_coupled_ties_give_two_to_the_k_plus_one_minus_one_plus_k_equilibria(k: int) -> None:
    """alpha = beta = 7/10, C1 = 7/3: the firms' ties are coupled and no-sharing has
    2^(K+1) - 1 + K equilibria (not 2^(K+1) - 1); at K = 2 the reference model's brute force
    over every profile finds the same 9 (tests/reference.py; at K = 3 it found the same 18 in
    a one-off run of 250 s, too slow for the suite)."""
    env = _worlds(k, "7/10", "7/10", Fraction(7, 3))
    solution = solve_contract(env, Contract.named("no"), exact=True)
    assert solution.complete and solution.count == 2 ** (k + 1) - 1 + k
    assert solution.certificate() == 0
    if k == 2:
        from tests.reference import canonical, from_engine, pure_equilibria

        game = BayesianGame.build(env, Contract.named("no"))
        ours = {canonical(from_engine(game.info, p)) for p in solution.profiles()}
        assert ours == {canonical(s) for s in pure_equilibria(env, "no")}


@pytest.mark.parametrize("k", [16, 24, 32])
def test_a_generic_point_has_one_equilibrium_at_scale(k: int) -> None:
    """alpha = 4/5, beta = 7/10, C1 = 9/10 with up to 32 worlds (64 x 64 cells): one
    equilibrium, certified exactly, and the one best-response dynamics reaches."""
    env = _worlds(k, "4/5", "7/10", Fraction(9, 10))
    game = BayesianGame.build(env, Contract.named("no"))
    found = solve_equilibria(game, "backtrack", exact=True)
    assert found.complete and found.count == 1 and found.certificate() == 0
    dynamics = solve_equilibria(game, "potential", exact=True)
    assert list(dynamics.profiles()) == list(found.profiles())


@pytest.mark.parametrize("k", [8, 10])
def test_equal_correlations_backtracking_equals_enumeration(k: int) -> None:
    """Every world with the same correlation (training tells nothing that matters) at a
    cost where firm 2 is indifferent: backtracking lists exactly what enumeration of the
    smaller side lists, component by component."""
    for cost in (Fraction(9, 10), Fraction(13, 7)):
        game = BayesianGame.build(_worlds(k, "4/5", "7/10", cost, equal=True),
                                  Contract.named("no"))  # fmt: skip
        for sub in game.subgames:
            assert backtrack_pure_equilibria(sub)[0] == enumerate_component(sub, exact=True)


def test_the_branching_cell_is_the_narrowest_undecided_one_of_either_firm_tied_ones_last() -> None:
    """_branch_cell's rule: over both firms, the undecided cell whose gain interval is
    narrowest, and cells tied whatever happens (both bounds zero) only when no other is
    left. Each side here has one cell; its bounds are base + [lower_rest, upper_rest]."""
    import numpy as np

    def side(base: int, low: int, high: int, action: int = -1) -> backtrack._Side:
        return backtrack._Side(np.array([base]), np.zeros((1, 1), dtype=np.int64),
                               np.array([action], dtype=np.int8), np.array([0]),
                               np.array([high]), np.array([low]))  # fmt: skip

    assert backtrack._branch_cell([side(5, -1, 1), side(5, -3, 3)]) == (0, 0)  # [4, 6] < [2, 8]
    assert backtrack._branch_cell([side(5, -3, 3), side(5, -1, 1)]) == (1, 0)
    assert backtrack._branch_cell([side(0, 0, 0), side(5, -3, 3)]) == (1, 0)  # tied: last
    assert backtrack._branch_cell([side(0, 0, 0), side(5, -3, 3, action=1)]) == (0, 0)
    assert backtrack._branch_cell([side(5, -1, 1, 0), side(5, -3, 3, 1)]) is None  # all decided


def test_the_free_tie_check_is_handed_pure_strategies(monkeypatch: pytest.MonkeyPatch) -> None:
    """At a free-tie node the family's open cells enter the check at action 0 (its
    completions are enumerated from there), never as the search's -1 'undecided' marker."""
    from solvers.equilibria import free_ties

    seen: list[tuple[list[int], list[int]]] = []
    original = free_ties.free_tie_members

    def spy(x, reply, free, side_x, labels_x):  # type: ignore[no-untyped-def]
        seen.append((x.tolist(), reply.tolist()))
        return original(x, reply, free, side_x, labels_x)

    monkeypatch.setattr(free_ties, "free_tie_members", spy)
    solution = solve_contract(_worlds(12, "4/5", "7/10", 4), Contract.named("no"), exact=True)
    assert solution.count == 2**12 and seen
    assert all(set(x) <= {0, 1} and set(reply) <= {0, 1} for x, reply in seen)
