"""The float64 path decides every verdict exactly as the Fraction path does.

Environments here are built to break float verdicts: rewards and costs at 1 +- 10^-k,
accuracies on the regime boundaries of MODEL.md claim 5 (3 beta = alpha + 1) and at
alpha = beta, correlations at their bounds, priors at 1/2 +- 10^-k, and payoffs left
tiny by cancellation among large terms. Any float comparison decided inside its rounding
error would show up as a differing verdict.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts import Environment, Utility, correlation, two_hypotheses
from solvers import analyze
from solvers.exact.rounding import rounding_bound
from tests.conftest import budget
from tests.strategies import environments

F = Fraction


def tiny(draw: st.DrawFn, low: int = 1, high: int = 15) -> Fraction:
    """+- 10^-k, or zero."""
    k = draw(st.integers(low, high))
    return draw(st.sampled_from([F(0), F(1, 10**k), -F(1, 10**k)]))


@st.composite
def knife_edge_correlation(draw: st.DrawFn) -> Environment:
    beta = F(1, 2) + draw(st.sampled_from([F(0), F(1, 10), F(1, 6), F(1, 4), F(1, 3)]))
    beta += abs(tiny(draw, 3, 15))
    alpha = draw(
        st.sampled_from(
            [3 * beta - 1, beta, min(F(99, 100), beta + F(1, 10)), F(1, 2) + F(1, 10**6)]
        )
    ) + abs(tiny(draw, 3, 15))
    alpha = min(alpha, 1 - F(1, 10**9))
    low, high = max(F(0), alpha + beta - 1), min(alpha, beta)
    choices = [low, high, alpha * beta, low + F(1, 10**12), high - F(1, 10**12)]
    k = draw(st.integers(1, 3))
    rhos = [max(low, min(high, draw(st.sampled_from(choices)))) for _ in range(k)]
    if k == 1:
        priors = [F(1)]
    else:
        first = F(1, 2) + tiny(draw, 3, 15)
        priors = [first] + [(1 - first) / (k - 1)] * (k - 1)
    reward = 1 + tiny(draw)
    # break-even costs: a firm acting alone on its signal earns R a - C (1 - a) = 0
    break_even = [reward * a / (1 - a) for a in (alpha, beta)]
    cost = draw(st.sampled_from([reward, 1 + tiny(draw)] + 2 * break_even)) + tiny(draw, 6, 15)
    return correlation(alpha, beta, list(zip(rhos, priors)), reward=reward, cost=cost)


@st.composite
def knife_edge_hypotheses(draw: st.DrawFn) -> Environment:
    """The two-hypotheses conditions of MODEL.md section 7 at (or next to) equality."""
    kappa = draw(st.sampled_from([F(1, 10), F(1, 12), F(1, 7)])) + tiny(draw, 6, 15)
    equalities = {
        "mu = 2 kappa / (1 - kappa)": lambda: (F(1, 20), 2 * kappa / (1 - kappa)),
        "lambda = kappa / (1 - kappa)": lambda: (kappa / (1 - kappa), F(3, 10)),
        "(1-kappa)(1-lambda-mu)/2 = kappa": lambda: (
            F(1, 20),
            1 - F(1, 20) - 2 * kappa / (1 - kappa),
        ),
    }
    lam, mu = equalities[draw(st.sampled_from(sorted(equalities)))]()
    mu = max(F(0), mu + tiny(draw, 6, 15))
    p = draw(st.sampled_from([F(1, 10), kappa / (kappa + (1 - kappa) * mu), F(1, 2)]))
    p = min(max(p + tiny(draw, 6, 15), F(1, 10**9)), 1 - F(1, 10**9))
    return two_hypotheses(p, kappa, lam, mu, one_sample=draw(st.booleans()))


@st.composite
def cancelling_environments(draw: st.DrawFn) -> Environment:
    """Random small environments with every utility parameter at 1 +- 10^-k or 0."""
    env = draw(environments())
    values = [draw(st.sampled_from([F(0), 1 + tiny(draw)])) for _ in range(4)]
    return env.with_utility(Utility(*values))


def verdict_record(environment: Environment, exact: bool) -> dict:
    """Everything the analysis decides (not the payoffs' float values)."""
    result = analyze(environment, "directional", exact=exact)
    v = result.verdicts
    return {
        "profiles": {name: s.parts for name, s in result.solutions.items()},
        "dominance": v.edges(),
        "strict": v.edges(strict=True),
        "equivalent": v.equivalences(),
        "ir": v.individually_rational,
        "po": v.pareto_optimal,
        "irpo": v.irpo,
        "unique": (v.unique_irpo, v.unique_irpo_up_to_equivalence),
    }


@settings(max_examples=budget(80))
@given(st.one_of(knife_edge_correlation(), knife_edge_hypotheses(), cancelling_environments()))
def test_float_and_exact_paths_decide_every_verdict_alike(environment):
    assert verdict_record(environment, exact=False) == verdict_record(environment, exact=True)


BREAK_EVEN_GRID = [
    (alpha, beta, firm, offset, worlds)
    for alpha, beta in ((F(3, 4), F(1, 2)), (F(3, 5), F(3, 5)), (F(7, 10), F(3, 5)))
    for firm in (0, 1)
    for offset in (F(-1, 10**12), F(1, 10**12), F(-1, 10**18), F(1, 10**18))
    for worlds in ((("indep", F(1, 2)), ("max", F(1, 2))), (("min", F(1, 3)), ("indep", F(2, 3))))
    if (alpha, beta)[firm] > F(1, 2)
]


@pytest.mark.parametrize("alpha, beta, firm, offset, worlds", BREAK_EVEN_GRID)
def test_break_even_costs_are_decided_alike(alpha, beta, firm, offset, worlds):
    """Costs 10^-12 off a firm's break-even R a = C (1 - a): payoffs of order 10^-13 left
    by cancellation among terms of order 1. At 10^-18 the margins are inside the float
    path's rounding bound: it leaves them undecided and hands them to Fractions."""
    accuracy = (alpha, beta)[firm]
    env = correlation(alpha, beta, list(worlds), reward=1, cost=accuracy / (1 - accuracy) + offset)
    assert verdict_record(env, exact=False) == verdict_record(env, exact=True)


def test_tiny_payoff_left_by_cancellation_is_decided_exactly():
    """The issue's example: firm 1 earns exactly 1/8000000000000 under no and under train,
    from terms of size about 1; the float path must find no ~ train and both IR."""
    env = correlation(
        "3/4",
        "1/2",
        [("indep", "1/2"), ("max", "1/2")],
        reward=1,
        cost="2999999999999/1000000000000",
    )
    exact, fast = analyze(env, exact=True), analyze(env, exact=False)
    for name in ("no", "train"):
        (eq,) = exact.solutions[name].equilibria()
        assert eq.payoff == (F(1, 8 * 10**12), F(0))
    assert fast.verdicts.equivalent("no", "train")
    assert fast.verdicts.individually_rational == exact.verdicts.individually_rational
    assert set(fast.verdicts.individually_rational) == {"no", "train", "infer", "full"}


@given(
    st.lists(
        st.tuples(st.integers(-(10**18), 10**18), st.integers(1, 10**18)), min_size=1, max_size=40
    ),
    st.lists(st.integers(0, 1), min_size=40, max_size=40),
)
def test_rounding_bound_covers_the_error_of_a_float_dot_product(terms, actions):
    """|float(sum) - exact sum| <= rounding_bound(sum of |terms|, n + 2) for dot products of
    converted Fractions with 0/1 weights: the model behind every float verdict."""
    exact_terms = [F(a, b) for a, b in terms]
    weights = np.array(actions[: len(exact_terms)], dtype=float)
    values = np.array([float(t) for t in exact_terms])
    computed = float(values @ weights)
    exact = sum((t for t, a in zip(exact_terms, actions) if a), F(0))
    magnitude = float(np.abs(values) @ weights)
    assert abs(F(computed) - exact) <= F(float(rounding_bound(magnitude, len(exact_terms) + 2)))
