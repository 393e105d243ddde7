"""Sweep definitions: ranges, exact values, random draws, keywords, feasibility."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.settings import correlation_bounds
from solvers.sweep.grid import RANDOM_BLOCK, Axis, parse_value, sweep_spec
from solvers.sweep.run import chunks, default_chunk_points, first_infeasible


@pytest.mark.parametrize(
    "text, message",
    [
        ("0.5:1:0", "N = 0"),
        ("0.5:1:1", "N = 1"),
        ("1:0.5:4", "LO > HI"),
        ("0.5:0.5:4", "empty range"),
        ("0:1:4:log", "log range needs LO > 0"),
        ("0.5:1", "LO:HI:N"),
        ("0.5:1:4:lin", "LO:HI:N"),
        ("0.5:1:x", "whole number"),
        ("0.5:1:-3", "whole number"),
        ("a:1:3", "alpha (LO)"),
        ("0.5:1:100000000", "exceeds the limit"),
    ],
)
def test_bad_ranges_are_refused_with_the_field_and_rule(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="alpha") as error:
        parse_value(text, "alpha")
    assert message in str(error.value)


def test_linear_ranges_are_exact_and_include_both_ends() -> None:
    axis = parse_value("1/3:1:4", "beta")
    assert isinstance(axis, Axis)
    assert axis.exact_values() == [Fraction(1, 3), Fraction(5, 9), Fraction(7, 9), Fraction(1)]
    assert list(axis.float_values()) == [float(v) for v in axis.exact_values()]


def test_log_ranges_are_geometric_with_exact_ends() -> None:
    axis = parse_value("0.01:1:3:log", "cost")
    values = axis.exact_values()
    assert values[0] == Fraction(1, 100) and values[-1] == 1
    assert float(values[1]) == pytest.approx(0.1, rel=1e-12)


def test_grid_points_follow_the_family_order_whatever_the_option_order() -> None:
    first = sweep_spec(
        "correlation", {"beta": "0.5:1:3", "alpha": "0.6:0.8:2", "rho1": "indep", "rho2": "max"}
    )
    second = sweep_spec(
        "correlation", {"rho2": "max", "rho1": "indep", "alpha": "0.6:0.8:2", "beta": "0.5:1:3"}
    )
    assert [a.name for a in first.axes] == ["alpha", "beta"]
    assert first.size == 6
    v1, v2 = first.values(0, 6), second.values(0, 6)
    for name in v1:
        assert np.array_equal(v1[name], v2[name])
    # C order: beta varies fastest
    assert list(v1["alpha"]) == [0.6, 0.6, 0.6, 0.8, 0.8, 0.8]
    assert list(v1["beta"]) == [0.5, 0.75, 1.0] * 2


def test_keywords_resolve_exactly_at_each_point() -> None:
    spec = sweep_spec(
        "correlation",
        {"alpha": "0.6:0.9:4", "beta": "0.7", "rho1": "indep", "rho2": "min", "prior2": "rest",
         "prior1": "0.25:0.75:3"},
    )  # fmt: skip
    for i in range(spec.size):
        point = spec.exact_point(i)
        assert point["rho1"] == point["alpha"] * point["beta"]
        assert point["rho2"] == correlation_bounds(point["alpha"], point["beta"])[0]
        assert point["prior1"] + point["prior2"] == 1
    values = spec.values(0, spec.size)
    assert np.allclose(values["rho1"], values["alpha"] * values["beta"])
    assert np.allclose(values["prior2"], 1 - values["prior1"])


def test_random_points_do_not_depend_on_the_chunking() -> None:
    spec = sweep_spec(
        "hypotheses",
        {"prior_i": "0.01:0.99:2", "kappa": "0.01:0.5:2", "lambda": "0:0.3:2", "mu": "0.1:0.5:2"},
        random=3 * RANDOM_BLOCK + 17,
        seed=11,
    )
    whole = spec.values(0, spec.size)
    parts = [spec.values(a, b) for a, b in chunks(spec.size, RANDOM_BLOCK)]
    for name in whole:
        assert np.array_equal(whole[name], np.concatenate([p[name] for p in parts]))
        assert 0.0 <= whole[name].min() and whole[name].max() <= 0.99
    other = sweep_spec(
        "hypotheses",
        {"prior_i": "0.01:0.99:2", "kappa": "0.01:0.5:2", "lambda": "0:0.3:2", "mu": "0.1:0.5:2"},
        random=100,
        seed=12,
    )
    assert not np.array_equal(other.values(0, 100)["kappa"], whole["kappa"][:100])
    # the exact point of a random draw is the double itself
    assert spec.exact_point(5)["kappa"] == Fraction(float(whole["kappa"][5]))


def test_infeasible_points_are_found_and_named() -> None:
    spec = sweep_spec(
        "correlation", {"alpha": "0.5:1:11", "beta": "0.5:1:11", "rho1": "0.55", "rho2": "max"}
    )
    count, first = first_infeasible(spec, RANDOM_BLOCK)
    expected = [
        i
        for i in range(spec.size)
        if not (lambda p: correlation_bounds(p["alpha"], p["beta"])[0] <= p["rho1"]
                <= correlation_bounds(p["alpha"], p["beta"])[1])(spec.exact_point(i))
    ]  # fmt: skip
    assert count == len(expected) and first == expected[0]
    assert "worlds[0].rho = 0.55" in (spec.infeasibility(first) or "")
    # a point exactly on the bound is feasible (decided exactly, not by float luck)
    on_bound = sweep_spec(
        "correlation", {"alpha": "0.55:1:10", "beta": "0.55", "rho1": "0.55", "rho2": "max"}
    )
    assert first_infeasible(on_bound, RANDOM_BLOCK) == (0, None)


def test_spec_refuses_unknown_missing_and_bad_parameters() -> None:
    with pytest.raises(ValueError, match="gamma = '1': not a parameter"):
        sweep_spec("correlation", {"alpha": "0.5", "beta": "0.5", "rho1": "indep", "gamma": "1"})
    with pytest.raises(ValueError, match="beta: missing"):
        sweep_spec("correlation", {"alpha": "0.5", "rho1": "indep"})
    with pytest.raises(ValueError, match="prior1..prior2 sum to 0.75: must sum to 1"):
        sweep_spec("correlation", {"alpha": "0.5", "beta": "0.5", "rho1": "indep",
                                   "rho2": "max", "prior1": "1/4", "prior2": "1/2"})  # fmt: skip
    with pytest.raises(ValueError, match="random = 0"):
        sweep_spec("hypotheses", {"prior_i": "0.5", "kappa": "0.1", "lambda": "0.1", "mu": "0.1"},
                   random=0)  # fmt: skip
    with pytest.raises(ValueError, match="setting = 'other'"):
        sweep_spec("other", {})


def test_chunk_sizes_depend_only_on_the_size() -> None:
    from solvers.sweep.run import WRITE_POINTS

    assert default_chunk_points(10) == WRITE_POINTS == 2 * RANDOM_BLOCK
    assert default_chunk_points(64 * 3 * RANDOM_BLOCK) == 3 * RANDOM_BLOCK
    assert default_chunk_points(10**9) == 16 * RANDOM_BLOCK
    parts = chunks(10 * RANDOM_BLOCK + 3, 2 * RANDOM_BLOCK)
    assert parts[0] == (0, 2 * RANDOM_BLOCK) and parts[-1] == (
        10 * RANDOM_BLOCK,
        10 * RANDOM_BLOCK + 3,
    )
    with pytest.raises(ValueError, match="multiple of"):
        chunks(100, 1000)


@pytest.mark.parametrize("random", [None, 3000])
def test_keyword_columns_are_the_nearest_doubles_of_the_exact_point(random) -> None:
    """indep, min, max and rest are resolved exactly at each point, then rounded once:
    alpha = beta = 0.55 gives rho = 121/400 -> 0.3025, not 0.55 * 0.55 in floats."""
    spec = sweep_spec("correlation", {"alpha": "0.5:1:11", "beta": "0.5:1:11", "rho1": "indep",
                                      "rho2": "min", "rho3": "max", "prior1": "0.1:0.5:3",
                                      "prior2": "1/10", "prior3": "rest"},
                      None, False, random, 4)  # fmt: skip
    values = spec.values(0, spec.size)
    for i in range(0, spec.size, 7):
        exact = spec.exact_point(i)
        for name in ("rho1", "rho2", "rho3", "prior3"):
            assert values[name][i] == float(exact[name]), (i, name)
    if random is None:
        i = next(
            k
            for k in range(spec.size)
            if spec.exact_point(k)["alpha"] == spec.exact_point(k)["beta"] == Fraction(11, 20)
        )
        assert values["rho1"][i] == 0.3025 and 0.55 * 0.55 != 0.3025


def test_a_keyword_of_fixed_inputs_is_one_value_per_point() -> None:
    """alpha and beta fixed, cost swept: rho1 = indep is the same at every point, a
    column as long as the others (3/5 * 3/4 = 9/20 -> 0.45); so is a keyword with no
    inputs at all."""
    spec = sweep_spec("correlation", {"alpha": "0.6", "beta": "0.75", "cost": "0.5:1.5:3",
                                      "rho1": "indep"})  # fmt: skip
    values = spec.values(1, 3)
    assert values["rho1"].shape == values["cost"].shape == (2,)
    assert list(values["rho1"]) == [0.45, 0.45] and spec.exact_point(2)["rho1"] == Fraction(9, 20)
    # a keyword that reads nothing: the one world's prior is the rest of nothing, 1
    alone = sweep_spec("correlation", {"alpha": "0.6", "beta": "0.75", "cost": "0.5:1.5:3",
                                       "rho1": "indep", "prior1": "rest"})  # fmt: skip
    assert list(alone.values(0, 3)["prior1"]) == [1.0, 1.0, 1.0]


def test_random_blocks_are_uniform_and_independent() -> None:
    """Random mode draws block b from its own generator (seed, b): each block is uniform
    on its range, consecutive blocks and the two swept parameters are uncorrelated, and
    another seed gives other draws."""
    from scipy.stats import kstest

    n = 4 * RANDOM_BLOCK
    spec = sweep_spec("correlation", {"alpha": "0.5:1:2", "beta": "0.6:0.9:2", "rho1": "indep"},
                      None, False, n, 11)  # fmt: skip
    values = spec.values(0, n)
    alpha = values["alpha"].reshape(4, RANDOM_BLOCK)
    for block in alpha:
        assert kstest((block - 0.5) / 0.5, "uniform").pvalue > 1e-3
    for b in range(3):
        assert abs(np.corrcoef(alpha[b], alpha[b + 1])[0, 1]) < 0.06  # about 4 standard errors
    assert abs(np.corrcoef(values["alpha"], values["beta"])[0, 1]) < 0.03
    other = sweep_spec("correlation", {"alpha": "0.5:1:2", "beta": "0.6:0.9:2", "rho1": "indep"},
                       None, False, n, 12).values(0, n)  # fmt: skip
    assert not np.any(other["alpha"] == values["alpha"])


@given(
    st.floats(0, 1),
    st.floats(0, 1),
    st.sampled_from(["indep", "max", "min"]),
)
@settings(max_examples=300, deadline=None)
def test_keywords_of_doubles_are_rounded_once(alpha: float, beta: float, keyword: str) -> None:
    """The float path of random sweeps: each keyword is the nearest double of its exact
    value at the exact double inputs (alpha + beta - 1 included, where two float
    roundings would differ)."""
    from contracts.settings import resolve_rho
    from solvers.sweep.grid import _keyword_of_doubles

    got = _keyword_of_doubles("rho1", keyword, {"alpha": np.array([alpha]),
                                                "beta": np.array([beta])})  # fmt: skip
    exact = resolve_rho(keyword, Fraction(alpha), Fraction(beta), "rho1")
    assert got[0] == float(exact)


def test_min_keyword_where_two_roundings_differ() -> None:
    """0.6 + 0.7000000000000001 - 1 in floats rounds twice; exactly once here."""
    from solvers.sweep.grid import _keyword_of_doubles

    a, b = np.array([0.1, 0.6, 0.3]), np.array([0.9000000000000001, 0.7000000000000001, 0.7])
    got = _keyword_of_doubles("rho1", "min", {"alpha": a, "beta": b})
    exact = [float(max(Fraction(0), Fraction(x) + Fraction(y) - 1)) for x, y in zip(a, b)]
    assert list(got) == exact
    assert any((x + y - 1) != e for x, y, e in zip(a, b, exact))  # the naive sum is off


def test_rest_of_double_priors_is_summed_exactly() -> None:
    from solvers.sweep.grid import _keyword_of_doubles

    rng = np.random.default_rng(3)
    others = {"prior1": rng.random(50) / 3, "prior2": rng.random(50) / 3}
    got = _keyword_of_doubles("prior3", "rest", others)
    exact = [float(1 - Fraction(p) - Fraction(q)) for p, q in zip(*others.values())]
    assert list(got) == exact


def test_a_range_runs_exactly_from_its_low_to_its_high_end() -> None:
    for text in ("0.5:1:3", "0.5:1:2", "0.01:1:5:log", "1/3:2/3:4", "0.1:0.9:2:log"):
        axis = parse_value(text, "alpha")
        values = axis.exact_values()
        assert len(values) == axis.count
        assert values[0] == axis.low and values[-1] == axis.high
        assert all(a < b for a, b in zip(values, values[1:]))


def test_random_draws_on_a_log_range_are_log_uniform() -> None:
    axis = parse_value("0.01:1:2:log", "cost")
    draws = axis.sample(np.random.default_rng(0), 20000)
    assert 0.01 <= draws.min() and draws.max() <= 1
    # log-uniform: a quarter of the draws in each quarter of the log range
    quarters = np.histogram(np.log(draws), bins=4, range=(np.log(0.01), 0.0))[0] / 20000
    assert np.allclose(quarters, 0.25, atol=0.02)
