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
