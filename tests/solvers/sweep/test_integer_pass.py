"""The batch classifier's integer pass: the points the float path leaves undecided (ties,
near-ties) are decided in exact integer arithmetic, all at once, with no call to the
exact engine where the integers fit float64; the answers are the exact engine's.

The expected rows are read off ``analyze(exact=True)`` through the test suite's own
``expected_row`` (tests/solvers/sweep/test_batch.py), not the classifier's encoder.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np
import pytest

import solvers.sweep.batch as batch
from solvers.analysis.environment import analyze
from solvers.equilibria.pure import all_strategies
from solvers.sweep.batch import classify
from solvers.sweep.equilibria import MAX_JOINT_CANDIDATES, joint_candidates
from solvers.sweep.family import CorrelationFamily, HypothesesFamily
from solvers.sweep.layout import build_layout
from tests.solvers.sweep.test_batch import Point, expected_row, hypotheses_points


def _knife_edge_points(side: int) -> list[Point]:
    """The knife-edge grid of the benchmark, coarser: alpha, beta on 1/2..1 in ``side``
    steps, rho1 = min(alpha, beta) (the maximal correlation), rho2 = alpha beta."""
    family = CorrelationFamily(2)
    grid = [Fraction(1, 2) + Fraction(k, 2 * (side - 1)) for k in range(side)]
    points = []
    for alpha in grid:
        for beta in grid:
            points.append({"alpha": alpha, "beta": beta, "reward": Fraction(1),
                           "cost": Fraction(1), "rho1": min(alpha, beta), "rho2": alpha * beta,
                           "prior1": Fraction(1, 2), "prior2": Fraction(1, 2)})  # fmt: skip
    assert set(points[0]) == set(family.parameters)
    return points


def _classify(family: Any, points: list[Point]) -> dict[str, np.ndarray]:
    values = {name: np.array([float(p[name]) for p in points]) for name in family.parameters}
    return classify(build_layout(family), values, lambda i: family.environment(points[i]))


def _refuse_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every call of the exact engine from the classifier fail the test."""

    def refused(*args: object, **kwargs: object) -> object:
        raise AssertionError("the exact engine was called")

    monkeypatch.setattr(batch, "analyze", refused)


def _assert_exact_rows(
    family: Any, points: list[Point], columns: dict[str, np.ndarray], rows: np.ndarray
) -> None:
    for i in rows:
        expected = expected_row(analyze(family.environment(points[i]), exact=True))
        for key, value in expected.items():
            assert columns[key][i] == value, (i, key, points[i], columns[key][i], value)


def test_the_knife_edge_grid_is_decided_without_the_exact_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """alpha = beta with rho1 = max (a smaller support, tied), beta = 1/2 at R1 = C1, the
    regime boundaries 3 beta = alpha + 1 and 3 alpha = beta + 1 and the curves between:
    every undecided point is decided in integers, exactly as the engine decides it
    (payoffs equal to the last bit: one correctly rounded division)."""
    family = CorrelationFamily(2)
    points = _knife_edge_points(41)
    _refuse_engine(monkeypatch)
    columns = _classify(family, points)
    monkeypatch.undo()
    rows = np.nonzero(columns["exact_rechecked"])[0]
    assert len(rows) > 60  # the tie lines are there
    alpha = [points[i]["alpha"] for i in rows]
    beta = [points[i]["beta"] for i in rows]
    assert sum(a == b < 1 for a, b in zip(alpha, beta)) == 40  # the diagonal, but (1, 1)
    assert sum(b == Fraction(1, 2) for b in beta) >= 40
    _assert_exact_rows(family, points, columns, rows)
    # ties are listed, not guessed: several equilibria where a cell is indifferent
    assert (columns["no.equilibria"][rows] > 1).any()


def test_hypotheses_conditions_at_equality_are_decided_in_integers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The two-hypotheses points with a condition of MODEL.md section 7 at equality, on
    the generic support and with numbers that fit: every one the float path leaves is
    decided without the engine, and agrees with it."""
    family = HypothesesFamily()
    layout = build_layout(family)
    points = hypotheses_points(np.random.default_rng(11), 300)
    # the layout's own support, numbers within float64's integers
    points = [p for p in points if batch._integer_masses(layout, family.environment(p))]
    assert len(points) > 150
    _refuse_engine(monkeypatch)
    columns = _classify(family, points)
    monkeypatch.undo()
    rows = np.nonzero(columns["exact_rechecked"])[0]
    assert len(rows) > 50
    _assert_exact_rows(family, points, columns, rows)


def _scale(family: Any, point: Point) -> int:
    """The integer pass's bound for one point: the masses' common denominator times the
    largest utility over the utility's common denominator."""
    environment = family.environment(point)
    masses = [m for m in environment.joint_mass.flat if m]
    u = environment.utility
    utility = (u.reward0, u.reward1, u.cost0, u.cost1)
    d, e = lcm(*(m.denominator for m in masses)), lcm(*(v.denominator for v in utility))
    return d * max(abs(v) * e for v in utility) * batch.EXACT_SCALE


@pytest.mark.parametrize("over", [False, True])
def test_the_float64_integer_limit_at_its_boundary(
    monkeypatch: pytest.MonkeyPatch, over: bool
) -> None:
    """A tie point whose bound equals the limit goes to the exact engine; one unit under
    it, the integer pass decides it. Either way the answer is the engine's."""
    family = CorrelationFamily(2)
    point = _knife_edge_points(5)[6]  # alpha = beta = 5/8: on the diagonal
    assert point["alpha"] == point["beta"]
    bound = _scale(family, point)
    monkeypatch.setattr(batch, "EXACT_INTEGERS", bound if over else bound + 1)
    calls: list[int] = []
    engine = batch.analyze

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return engine(*args, **kwargs)

    monkeypatch.setattr(batch, "analyze", counted)
    columns = _classify(family, [point])
    assert columns["exact_rechecked"][0]
    assert len(calls) == (1 if over else 0)
    monkeypatch.undo()
    _assert_exact_rows(family, [point], columns, np.array([0]))


def test_large_denominators_fall_back_to_the_exact_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """alpha = beta with a denominator near 2^40 (rho1 = max): the masses' denominator
    leaves float64's exact integers, so the point goes to the engine, and agrees."""
    family = CorrelationFamily(2)
    alpha = Fraction(3, 4) + Fraction(1, 2**40 + 15)
    point = {"alpha": alpha, "beta": alpha, "reward": Fraction(1), "cost": Fraction(1),
             "rho1": alpha, "rho2": alpha * alpha, "prior1": Fraction(1, 2),
             "prior2": Fraction(1, 2)}  # fmt: skip
    assert _scale(family, point) >= batch.EXACT_INTEGERS
    calls: list[int] = []
    engine = batch.analyze

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return engine(*args, **kwargs)

    monkeypatch.setattr(batch, "analyze", counted)
    columns = _classify(family, [point])
    assert calls == [1]
    monkeypatch.undo()
    _assert_exact_rows(family, [point], columns, np.array([0]))


def test_joint_candidates_list_every_profile_once() -> None:
    """Every pair of the two firms' pure strategies, once, within the limit; None over it."""
    layout = build_layout(CorrelationFamily(2))
    for contract in layout.contracts:
        for group in contract.groups:
            nx = group.candidates.shape[1]
            ny = group.pairs.shape[2 if group.enumerated == 0 else 1]
            profiles = joint_candidates(group)
            assert profiles is not None
            x, y = profiles
            assert x.shape == (2 ** (nx + ny), nx) and y.shape == (2 ** (nx + ny), ny)
            pairs = {(tuple(a), tuple(b)) for a, b in zip(x.tolist(), y.tolist())}
            assert len(pairs) == 2 ** (nx + ny)
    # the limit at its boundary: 2^12 profiles are listed, 2^13 are not
    group = layout.contracts[0].groups[0]  # 'no': 4 x 4 cells
    ny = group.pairs.shape[2]
    for width, listed in ((12, True), (13, False)):
        wider = replace(group, candidates=all_strategies(width - ny).astype(float))
        assert (2**width <= MAX_JOINT_CANDIDATES) == listed
        assert (joint_candidates(wider) is not None) == listed
