"""Cross-validation against nashpy and Gambit on the induced normal form.

A pure strategy of the normal form maps every cell of a firm to an action; its payoffs
are the ex-ante utilities (computed here by the independent oracle, made integer). A
normal-form mixed strategy induces the behavioural one of its marginals (probability of
action 1 per cell), and payoffs, the other firm's included, depend on the marginals only
(each realization involves one cell per firm). Hence:

* pure equilibria of the normal form are exactly predshare's pure equilibria;
* the marginals of every normal-form equilibrium are a behavioural equilibrium;
* where predshare's behavioural equilibrium set is finite, the normal-form equilibrium
  set is the disjoint union of the polytopes {marginals = beta}, whose vertices are the
  extreme equilibria Gambit enumerates: their marginals are exactly predshare's set.
"""

import warnings
from fractions import Fraction as F
from itertools import product
from math import lcm

import nashpy
import numpy as np
import pygambit as gbt
from hypothesis import assume, given, settings

from solvers import BayesianGame, solve_equilibria
from tests.conftest import budget
from tests.strategies import contracts, environments, oracle_payoffs, oracle_regret

SETTINGS = settings(max_examples=budget(30))


def induced_normal_form(env, contract):
    game = BayesianGame.build(env, contract)
    n1, n2 = game.sizes
    rows = list(product((0, 1), repeat=n1))
    cols = list(product((0, 1), repeat=n2))
    payoffs = [[oracle_payoffs(env, contract, (r, c)) for c in cols] for r in rows]
    scale = lcm(*(u.denominator for row in payoffs for pair in row for u in pair))
    a = np.array([[int(p[0] * scale) for p in row] for row in payoffs], dtype=np.int64)
    b = np.array([[int(p[1] * scale) for p in row] for row in payoffs], dtype=np.int64)
    return game, rows, cols, a, b, scale


def marginals(strategies, probabilities):
    """Behavioural profile of a normal-form mixed strategy: P(action 1) at each cell."""
    n = len(strategies[0])
    return tuple(
        sum((p for s, p in zip(strategies, probabilities) if s[c] == 1), 0) for c in range(n)
    )


def small_normal_form(env, contract):
    """The induced normal form of a game with at most three cells a firm (else skipped)."""
    game = BayesianGame.build(env, contract)
    assume(max(game.sizes) <= 3 and min(game.sizes) >= 1)
    return induced_normal_form(env, contract)


def as_fraction(value):
    return F(str(value))


def normal_form_regret(a, b, rows, cols, profile):
    """Exact regret of a behavioural profile embedded as a product distribution."""

    def weights(strategies, probs):
        return [np.prod([p if s[c] else 1 - p for c, p in enumerate(probs)]) for s in strategies]

    x = np.array(weights(rows, [F(v) for v in profile[0]]), dtype=object)
    y = np.array(weights(cols, [F(v) for v in profile[1]]), dtype=object)
    row_values = a.astype(object) @ y
    col_values = x @ b.astype(object)
    return max(max(row_values) - x @ row_values, max(col_values) - col_values @ y)


@SETTINGS
@given(environments(), contracts)
def test_gambit_finds_the_same_equilibria(env, contract):
    game, rows, cols, a, b, _ = small_normal_form(env, contract)
    nfg = gbt.Game.from_arrays(a, b)
    players = list(nfg.players)

    def gambit_marginals(result):
        found = set()
        for eq in result.equilibria:
            probs = [[as_fraction(eq[s]) for s in p.strategies] for p in players]
            found.add((marginals(rows, probs[0]), marginals(cols, probs[1])))
        return found

    ours_pure = solve_equilibria(game, "enumerate", exact=True)
    pure = {
        tuple(tuple(F(v) for v in side) for side in eq.strategy) for eq in ours_pure.equilibria()
    }
    assert gambit_marginals(gbt.nash.enumpure_solve(nfg)) == pure

    ours = solve_equilibria(game, "support", kind="mixed", exact=True)
    extreme = {tuple(tuple(F(v) for v in side) for side in eq.strategy) for eq in ours.equilibria()}
    for profile in extreme:
        assert normal_form_regret(a, b, rows, cols, profile) == 0
    mixed = gambit_marginals(gbt.nash.enummixed_solve(nfg, rational=True))
    for profile in mixed:
        assert oracle_regret(env, contract, profile) == 0
    if not ours.continuum:
        assert mixed == extreme
        payoffs = {eq.payoff for eq in ours.equilibria()}
        assert {oracle_payoffs(env, contract, p) for p in mixed} == payoffs
    lcp = gambit_marginals(gbt.nash.lcp_solve(nfg, rational=True, stop_after=1))
    assert all(oracle_regret(env, contract, p) == 0 for p in lcp)


@SETTINGS
@given(environments(), contracts)
def test_nashpy_finds_the_same_equilibria(env, contract):
    game, rows, cols, a, b, scale = small_normal_form(env, contract)
    # strictly positive payoffs (a constant shift keeps every equilibrium), as vertex
    # enumeration's polytopes need
    nash_game = nashpy.Game(a - a.min() + 1.0, b - b.min() + 1.0)
    ours = solve_equilibria(game, "support", kind="mixed", exact=True)
    extreme = [
        np.array([float(v) for side in eq.strategy for v in side]) for eq in ours.equilibria()
    ]
    payoffs = [np.array([float(u) for u in eq.payoff]) for eq in ours.equilibria()]
    largest = float(max(np.abs(a).max(), np.abs(b).max(), 1))
    for method in ("support_enumeration", "vertex_enumeration"):
        with warnings.catch_warnings():  # nashpy warns on degenerate games, as these often are
            warnings.simplefilter("ignore", RuntimeWarning)
            found = list(getattr(nash_game, method)())
        for sigma_r, sigma_c in found:
            regret = max(
                float(np.max(a @ sigma_c) - sigma_r @ a @ sigma_c),
                float(np.max(sigma_r @ b) - sigma_r @ b @ sigma_c),
            )
            assert regret <= 1e-7 * largest
            if ours.continuum:
                continue
            # the marginals are one of predshare's extreme equilibria, payoff for payoff
            profile = np.array(marginals(rows, sigma_r) + marginals(cols, sigma_c), dtype=float)
            assert any(np.allclose(profile, e, atol=1e-7) for e in extreme)
            value = np.array([sigma_r @ a @ sigma_c, sigma_r @ b @ sigma_c]) / scale
            assert any(np.allclose(value, p, atol=1e-9) for p in payoffs)
