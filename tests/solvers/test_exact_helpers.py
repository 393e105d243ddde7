"""Small exact helpers checked against independent computations."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.linear import integer_adjugate, integer_determinant, solve_integer_system
from solvers.polygon import Vertex, ray_exit
from solvers.rounding import float_sign, rounding_bound
from tests.conftest import budget


def fraction_solve(a, b):
    """Gauss-Jordan elimination in Fractions (the reference)."""
    n = len(b)
    rows = [[F(v) for v in row] + [F(r)] for row, r in zip(a, b)]
    for col in range(n):
        pivot = next((i for i in range(col, n) if rows[i][col] != 0), None)
        if pivot is None:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        rows[col] = [v / rows[col][col] for v in rows[col]]
        for i in range(n):
            if i != col:
                rows[i] = [x - rows[i][col] * y for x, y in zip(rows[i], rows[col])]
    return [row[n] for row in rows]


@settings(max_examples=budget(80))
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(
    st.lists(st.lists(st.integers(-5, 5), min_size=n, max_size=n), min_size=n, max_size=n),
    st.lists(st.integers(-5, 5), min_size=n, max_size=n),
)))
def test_integer_systems_agree_with_gauss_jordan(system):
    a, b = system
    expected = fraction_solve(a, b)
    assert solve_integer_system(a, b) == expected
    det = integer_determinant(a)
    assert (det == 0) == (expected is None)
    if det:
        assert round(float(np.linalg.det(np.array(a, float)))) == det
        got_det, adj = integer_adjugate(np.array(a, dtype=object))
        assert got_det == det
        assert (adj @ np.array(a, dtype=object) == det * np.eye(len(a), dtype=int)).all()


def test_float_sign_and_its_bound():
    values = np.array([1.0, -1.0, 1e-20, -1e-20, 0.0])
    assert float_sign(values, 1e-16).tolist() == [1, -1, 0, 0, 0]
    assert float_sign(values, np.array([2.0, 2.0, 0.0, 0.0, 0.0])).tolist() == [0, 0, 1, -1, 0]
    assert rounding_bound(1.0, 10) > rounding_bound(1.0, 9) > rounding_bound(0.5, 9) > 0


def test_ray_exit_along_a_segment_in_both_directions():
    a, b = Vertex((F(0), F(0))), Vertex((F(2), F(2)))
    t, end = ray_exit([a, b], (F(1), F(1)), (F(1), F(1)))
    assert (t, end.point) == (F(1), (F(2), F(2)))
    t, end = ray_exit([a, b], (F(1), F(1)), (F(-1), F(-1)))
    assert (t, end.point) == (F(1), (F(0), F(0)))
    t, end = ray_exit([a, b], (F(1), F(1)), (F(1), F(0)))  # leaves the line at once
    assert (t, end.point) == (F(0), (F(1), F(1)))
    assert ray_exit([a, b], (F(1), F(0)), (F(1), F(1))) is None  # off the segment's line
