"""Small exact helpers checked against independent computations."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.exact.linear import integer_adjugate, integer_determinant, solve_integer_system
from solvers.exact.polygon import Vertex, ray_exit
from solvers.exact.rounding import float_sign, rounding_bound
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
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(-5, 5), min_size=n, max_size=n), min_size=n, max_size=n),
            st.lists(st.integers(-5, 5), min_size=n, max_size=n),
        )
    )
)
def test_integer_systems_agree_with_gauss_jordan(system):
    a, b = system
    expected = fraction_solve(a, b)
    assert solve_integer_system(a, b) == expected
    det = integer_determinant(a)
    assert (det == 0) == (expected is None)
    if det:
        assert round(float(np.linalg.det(np.array(a, float)))) == det
        got_det, adj = integer_adjugate(a)
        assert got_det == det
        product = np.array(adj, dtype=object) @ np.array(a, dtype=object)
        assert (product == det * np.eye(len(a), dtype=int)).all()
    else:
        assert integer_adjugate(a) is None


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
    # a segment away from the origin, not along a diagonal: (1, 2) to (5, 4)
    a, b = Vertex((F(1), F(2))), Vertex((F(5), F(4)))
    t, end = ray_exit([a, b], (F(3), F(3)), (F(2), F(1)))
    assert (t, end.point) == (F(1), (F(5), F(4)))
    t, end = ray_exit([a, b], (F(3), F(3)), (F(-4), F(-2)))
    assert (t, end.point) == (F(1, 2), (F(1), F(2)))
    t, end = ray_exit([a, b], (F(2), F(5, 2)), (F(0), F(1)))  # a quarter along, leaving
    assert (t, end.point) == (F(0), (F(2), F(5, 2)))
    assert ray_exit([a, b], (F(7), F(5)), (F(2), F(1))) is None  # on the line, past b


def test_affine_solution_sets():
    from solvers.exact.linear import affine_solutions

    x0, basis = affine_solutions([[F(1), F(1), F(0)], [F(0), F(1), F(1)]], [F(2), F(3)], 3)
    assert x0 == [F(-1), F(3), F(0)] and basis == [[F(1), F(-1), F(1)]]
    assert affine_solutions([[F(1), F(1)], [F(2), F(2)]], [F(1), F(3)], 2) is None  # inconsistent
    x0, basis = affine_solutions([[F(0), F(2)]], [F(4)], 2)
    assert x0 == [F(0), F(2)] and basis == [[F(1), F(0)]]
    assert affine_solutions([], [], 2) == ([F(0), F(0)], [[F(1), F(0)], [F(0), F(1)]])


def test_polytope_vertices_of_known_figures():
    from solvers.exact.linear import polytope_vertices

    box = [[F(1), F(0)], [F(-1), F(0)], [F(0), F(1)], [F(0), F(-1)]]
    square = polytope_vertices([], [], box, [F(1), F(0), F(1), F(0)], 2)
    assert square == [(F(0), F(0)), (F(0), F(1)), (F(1), F(0)), (F(1), F(1))]
    # the box cut by x + y = 1: its diagonal's two ends
    diagonal = polytope_vertices([[F(1), F(1)]], [F(1)], box, [F(1), F(0), F(1), F(0)], 2)
    assert diagonal == [(F(0), F(1)), (F(1), F(0))]
    # the box and x + y <= 1/2: a triangle
    triangle = polytope_vertices([], [], box + [[F(1), F(1)]], [F(1), F(0), F(1), F(0), F(1, 2)], 2)
    assert triangle == [(F(0), F(0)), (F(0), F(1, 2)), (F(1, 2), F(0))]
    assert polytope_vertices([[F(1), F(1)]], [F(3)], box, [F(1), F(0), F(1), F(0)], 2) == []
    point = polytope_vertices(
        [[F(1), F(0)], [F(0), F(1)]], [F(1, 3), F(2, 3)], box, [F(1), F(0), F(1), F(0)], 2
    )
    assert point == [(F(1, 3), F(2, 3))]
    assert polytope_vertices([], [], box, [F(1), F(0), F(1), F(0)], 2, max_subsets=5) is None


def test_the_rounding_bound_refuses_counts_where_its_gamma_breaks_down() -> None:
    """gamma_k = k u / (1 - k u) holds for k u < 1/2 (u = 2^-53, k = operations + 1): the
    last count accepted is 2^52 - 2, the first refused 2^52 - 1."""
    assert np.isfinite(rounding_bound(1.0, 2**52 - 2))
    with pytest.raises(
        ValueError, match=r"^operations = 4503599627370495: too many for a float64 error bound$"
    ):
        rounding_bound(1.0, 2**52 - 1)


def test_float_sign_reads_its_value_as_a_double() -> None:
    """10^-400 is 0.0 as a double: its sign cannot be told (0), even given exactly."""
    assert float_sign([F(1, 10**400), F(-1, 10**400), F(1, 2)], 0.0).tolist() == [0, 0, 1]
    assert float_sign([3, -3], 2.5).tolist() == [1, -1]


def test_the_rounding_bound_is_twice_highams_gamma_plus_underflow() -> None:
    """2 (gamma_k m + k 2^-1074), gamma_k = k u / (1 - k u), k = operations + 1, u = 2^-53,
    checked against exact arithmetic where k u is large enough (10^12 operations) for a
    wrong formula to show; signs come back as int8."""
    for operations, magnitude in ((10**12, 3.0), (10, 1.0), (0, 0.0)):
        k, u = F(operations + 1), F(1, 2**53)
        gamma = k * u / (1 - k * u)
        exact = 2 * (gamma * F(magnitude) + k * F(1, 2**1074))
        got = F(float(rounding_bound(magnitude, operations)))
        assert abs(got - exact) <= exact * F(1, 10**14), operations
    assert float_sign([1.0, -1.0, 0.0], 0.5).dtype == np.int8


def test_ray_exit_from_inside_a_polygon_off_the_diagonal():
    """The square [0, 4] x [0, 4], counter-clockwise, left from (1, 3) along (1, 1): the
    ray meets the top edge at t = 1, at (2, 4), between the vertices (4, 4) and (0, 4)."""
    square = [Vertex((F(x), F(y))) for x, y in ((0, 0), (4, 0), (4, 4), (0, 4))]
    t, end = ray_exit(square, (F(1), F(3)), (F(1), F(1)))
    assert (t, end.point) == (F(1), (F(2), F(4)))
    t, end = ray_exit(square, (F(3), F(1)), (F(1), F(1)))  # the mirror image: the right edge
    assert (t, end.point) == (F(1), (F(4), F(2)))
    assert ray_exit(square, (F(5), F(1)), (F(1), F(1))) is None  # outside
