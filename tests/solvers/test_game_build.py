"""The game's linear form built in integers (solvers.game) against the Fraction formula
of its module docstring and against the independent reference of MODEL.md sections 2-4
(tests/reference.py), on random environments of up to eight worlds: equality is exact."""

from __future__ import annotations

from fractions import Fraction
from math import lcm

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts import correlation, standard_contracts
from solvers import BayesianGame
from solvers.equilibria.equilibrium_set import profile_contribution
from solvers.exact.rounding import rounding_bound
from tests import reference
from tests.conftest import budget
from tests.strategies import environments


def _fraction_side(game: BayesianGame, firm: int) -> tuple[np.ndarray, ...]:
    """``e0``, ``e1``, ``base``, ``weight`` of one firm in Fractions, from the dense masses."""
    u = game.environment.utility
    mass = game.info.mass if firm == 0 else game.info.mass.transpose(1, 0, 2)
    e0, e1 = (
        mass[:, :, 0] * u.exclusive_payoff(a, 0) + mass[:, :, 1] * u.exclusive_payoff(a, 1)
        for a in (0, 1)
    )
    base = (2 * e1 - e0).sum(axis=1) if e0.shape[1] else np.zeros(e0.shape[0], dtype=object)
    return e0, e1, base, e1 + e0


def _check_sides(game: BayesianGame) -> None:
    for firm in (0, 1):
        side = game.sides[firm]
        e0, e1, base, weight = _fraction_side(game, firm)
        for built, formula in ((side.e0, e0), (side.e1, e1), (side.base_exact, base),
                               (side.weight_exact, weight)):  # fmt: skip
            assert built.shape == formula.shape
            assert [Fraction(v) for v in built.flat] == [Fraction(v) for v in formula.flat]
        for floats, formula in ((side.e0_float, e0), (side.e1_float, e1),
                                (side.base_float, base), (side.weight_float, weight)):  # fmt: skip
            assert floats.shape == formula.shape
            assert list(floats.flat) == [float(v) for v in formula.flat]
        # the scaled gain coefficients: the exact ones times their least common denominator
        values = [Fraction(v) for v in list(base.flat) + list(weight.flat)]
        scale = lcm(*(v.denominator for v in values)) if values else 1
        assert [int(v) for v in side.base.tolist()] == [int(v * scale) for v in base.flat]
        assert [int(v) for v in side.weight.flat] == [int(v * scale) for v in weight.flat]
        bound = sum(abs(int(v * scale)) for v in values)
        assert (side.base.dtype == np.int64) == (bound < 2**62)
        weights = np.ascontiguousarray(weight.astype(float))  # numpy's sum order follows the layout
        magnitude = np.abs(base.astype(float)) + np.abs(weights).sum(axis=1)
        assert (side.gain_bound == rounding_bound(magnitude, weight.shape[1] + 3)).all()
        e0_int, e1_int, denominator = side.scaled
        assert [Fraction(int(v), denominator) for v in e0_int.flat] == list(e0.flat)
        assert [Fraction(int(v), denominator) for v in e1_int.flat] == list(e1.flat)


@settings(max_examples=budget(30), deadline=None)
@given(environments(max_worlds=8, max_labels=2))
def test_sides_built_in_integers_equal_the_fraction_formula(env) -> None:
    for contract in standard_contracts():
        game = BayesianGame.build(env, contract)
        _check_sides(game)
        for sub in game.subgames:
            _check_sides(sub)


@settings(max_examples=budget(8), deadline=None)
@given(st.integers(1, 8), st.integers(1, 9), st.integers(1, 9), st.integers(1, 20))
def test_correlation_sides_up_to_eight_worlds(k, a, b, c) -> None:
    """The correlation setting with K worlds (evenly spaced correlations, a random point),
    every component of all four contracts."""
    alpha, beta = Fraction(1, 2) + Fraction(a, 20), Fraction(1, 2) + Fraction(b, 20)
    low, high = alpha * beta, min(alpha, beta)
    worlds = [(low + (high - low) * Fraction(i, max(k - 1, 1)), Fraction(1, k)) for i in range(k)]
    env = correlation(alpha, beta, worlds, 1, Fraction(c, 10))
    for contract in standard_contracts():
        for sub in BayesianGame.build(env, contract).subgames:
            _check_sides(sub)


@settings(max_examples=budget(25), deadline=None)
@given(environments(max_worlds=8, max_labels=2), st.integers(0, 2**32))
def test_interim_payoffs_of_random_profiles_equal_the_reference(env, seed) -> None:
    """A random pure profile of the whole game: its interim payoffs from the integer sides
    equal the reference's, computed realization by realization from the raw tables."""
    rng = np.random.default_rng(seed)
    for contract in standard_contracts():
        game = BayesianGame.build(env, contract)
        n1, n2 = game.sizes
        profile = (
            tuple(int(v) for v in rng.integers(0, 2, n1)),
            tuple(int(v) for v in rng.integers(0, 2, n2)),
        )
        contribution = profile_contribution(game, profile, exact=True)
        expected = reference.interim_payoffs(
            env, contract.name, reference.from_engine(game.info, profile)
        )
        for f in (0, 1):
            labels = env.training_labels[f]
            got = {
                str(labels[t]): contribution[f][t] / p
                for t, p in enumerate(game.info.training_marginals[f])
                if p
            }
            assert got == {str(t): v for t, v in expected[f].items()}
