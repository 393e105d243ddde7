"""Exact values of pure profiles in integers over a common denominator (solvers.game):
the same Fractions as the Fraction path, in int64 and in Python integers."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts import Contract, correlation, standard_contracts
from solvers import BayesianGame
from solvers.equilibria.equilibrium_set import profile_contribution
from solvers.game import cell_values, pure_cell_values
from tests.conftest import budget
from tests.strategies import environments


def _check(game: BayesianGame, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n1, n2 = game.sizes
    for _ in range(4):
        x = [int(v) for v in rng.integers(0, 2, n1)]
        y = [int(v) for v in rng.integers(0, 2, n2)]
        for f, (own, other) in enumerate(((x, y), (y, x))):
            ints, denominator = pure_cell_values(game.sides[f], own, other)
            expected = cell_values(game.sides[f], own, other, exact=True)
            assert [Fraction(int(v), denominator) for v in ints] == list(expected)
            # the solvers' int8 strategies give the same values (no small-integer overflow)
            small = pure_cell_values(
                game.sides[f], np.array(own, np.int8), np.array(other, np.int8)
            )
            assert [int(v) for v in small[0]] == [int(v) for v in ints] and small[1] == denominator
        assert all(
            (a == b).all()
            for a, b in zip(profile_contribution(game, (tuple(x), tuple(y)), True, True),
                            profile_contribution(game, (tuple(x), tuple(y)), True, False))
        )  # fmt: skip


@settings(max_examples=budget(25), deadline=None)
@given(environments(max_worlds=3, max_labels=3), st.integers(0, 2**32))
def test_pure_values_in_integers_equal_the_fraction_path(env, seed) -> None:
    for contract in standard_contracts():
        _check(BayesianGame.build(env, contract), seed)


def test_numbers_past_int64_use_python_integers() -> None:
    """Denominators near 2^70: the scaled payoffs leave int64, the values stay exact."""
    big = 2**70 + 1
    env = correlation(Fraction(4, 5) + Fraction(1, big), Fraction(7, 10),
                      [("indep", "1/2"), ("max", "1/2")], 1, Fraction(9, 10) + Fraction(1, big))  # fmt: skip
    game = BayesianGame.build(env, Contract.named("no"))
    assert game.sides[0].scaled[0].dtype == object
    _check(game, 1)


@settings(max_examples=budget(6), deadline=None)
@given(st.integers(1, 8), st.integers(1, 9), st.integers(1, 9), st.integers(1, 20))
def test_every_equilibrium_up_to_eight_worlds_by_both_paths(k, a, b, c) -> None:
    """The correlation setting with K worlds (correlations evenly spaced, a random point):
    every listed equilibrium's interim contributions by integers equal the Fraction
    path's, for all four contracts."""
    from solvers import analyze

    alpha, beta = Fraction(1, 2) + Fraction(a, 20), Fraction(1, 2) + Fraction(b, 20)
    low, high = alpha * beta, min(alpha, beta)
    worlds = [(low + (high - low) * Fraction(i, max(k - 1, 1)), Fraction(1, k)) for i in range(k)]
    env = correlation(alpha, beta, worlds, 1, Fraction(c, 10))
    for solution in analyze(env, exact=True).solutions.values():
        for sub, part in zip(solution.game.subgames, solution.parts):
            for profile in part:
                fast = profile_contribution(sub, profile, True, True)
                slow = profile_contribution(sub, profile, True, False)
                assert all((x == y).all() for x, y in zip(fast, slow))


@settings(max_examples=budget(30))
@given(env=environments(), contract=st.sampled_from(standard_contracts()), seed=st.integers(0, 99))
def test_cell_regrets_are_exact_fractions_and_their_floats_agree(env, contract, seed) -> None:
    """Regrets (how much the better action beats the mixed action played) of mixed
    strategies with probabilities k/3: exact ones are Fractions, never negative, and the
    float path's are their nearest doubles up to rounding (solvers.game.cell_regrets)."""
    from solvers.game import cell_regrets

    game = BayesianGame.build(env, contract)
    rng = np.random.default_rng(seed)
    n1, n2 = game.sizes
    x = [Fraction(int(k), 3) for k in rng.integers(0, 4, n1)]
    y = [Fraction(int(k), 3) for k in rng.integers(0, 4, n2)]
    for f, (own, other) in enumerate(((x, y), (y, x))):
        exact = cell_regrets(game.sides[f], own, other, exact=True)
        assert all(isinstance(r, Fraction) and r >= 0 for r in exact)
        floats = cell_regrets(game.sides[f], [float(p) for p in own], [float(p) for p in other],
                              exact=False)  # fmt: skip
        scale = max([1.0] + [abs(float(v)) for v in exact])
        assert np.allclose(floats, [float(r) for r in exact], rtol=0, atol=1e-12 * scale)


@settings(max_examples=budget(20))
@given(env=environments(), contract=st.sampled_from(standard_contracts()))
def test_a_side_built_from_its_fractions_is_the_games_side(env, contract) -> None:
    """FirmSide.build (Fraction arrays e0, e1) and the game's sides (integers over a
    common denominator) describe the same problem: the same exact e0 and e1, and the
    same gain coefficients once both are reduced."""
    from solvers import FirmSide

    game = BayesianGame.build(env, contract)
    for side in game.sides:
        e0, e1 = (np.array([[Fraction(v, side.scale) for v in row] for row in ints.tolist()],
                           dtype=object).reshape(ints.shape)
                  for ints in (side.e0_int, side.e1_int))  # fmt: skip
        built = FirmSide.build(e0, e1)
        for ours, theirs in ((built.e0_int, e0), (built.e1_int, e1)):
            assert [Fraction(int(v), built.scale) for v in ours.flat] == list(theirs.flat)
        assert built.base.tolist() == side.base.tolist()
        assert built.weight.tolist() == side.weight.tolist()
        assert built.gain_scale == side.gain_scale
