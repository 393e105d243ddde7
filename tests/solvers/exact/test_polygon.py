"""Exact planar geometry, checked on figures whose answers follow by hand."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.exact.polygon import (
    Vertex,
    clip,
    convex_hull,
    downward_closure,
    locate,
    mix,
    pareto_chain,
    ray_exit,
)
from tests.conftest import budget


def pts(*pairs):
    return [Vertex((F(x), F(y))) for x, y in pairs]


def points(vertices):
    return [v.point for v in vertices]


UNIT_SQUARE = convex_hull(pts((0, 0), (1, 0), (1, 1), (0, 1)))


def test_hull_is_counter_clockwise_without_interior_or_collinear_points():
    hull = convex_hull(pts((0, 0), (2, 0), (1, 0), (2, 2), (0, 2), (1, 1), (0, 1)))
    assert points(hull) == [(0, 0), (2, 0), (2, 2), (0, 2)]
    assert points(convex_hull(pts((1, 1), (0, 0)))) == [(0, 0), (1, 1)]
    assert points(convex_hull(pts((1, 1), (1, 1)))) == [(1, 1)]


@settings(max_examples=budget(60))
@given(st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), min_size=3, max_size=12))
def test_hull_contains_every_point_and_turns_left(raw):
    hull = points(convex_hull(pts(*raw)))
    if len(hull) < 3:
        return
    for i in range(len(hull)):
        (ax, ay), (bx, by) = hull[i], hull[(i + 1) % len(hull)]
        for x, y in raw:  # every input point is on or left of every edge
            assert (bx - ax) * (y - ay) - (by - ay) * (x - ax) >= 0


def test_clip_a_square_by_half_planes():
    assert points(clip(UNIT_SQUARE, (F(1), F(0)), F(1, 2))) == [
        (F(1, 2), 0),
        (1, 0),
        (1, 1),
        (F(1, 2), 1),
    ]
    assert points(clip(UNIT_SQUARE, (F(1), F(1)), F(3, 2))) == [(F(1, 2), 1), (1, F(1, 2)), (1, 1)]
    assert clip(UNIT_SQUARE, (F(1), F(0)), F(2)) == []
    assert points(clip(UNIT_SQUARE, (F(1), F(0)), F(1))) == [(1, 0), (1, 1)]  # an edge is kept


def test_clip_a_segment_and_a_point():
    segment = convex_hull(pts((0, 0), (2, 2)))
    assert points(clip(segment, (F(1), F(0)), F(1))) == [(1, 1), (2, 2)]
    assert points(clip(segment, (F(-1), F(0)), F(-1))) == [(0, 0), (1, 1)]
    assert clip(pts((1, 1)), (F(1), F(0)), F(2)) == []
    assert points(clip(pts((1, 1)), (F(1), F(0)), F(1))) == [(1, 1)]


def test_clipping_keeps_lotteries_exact():
    a = Vertex((F(0), F(0)), {0: F(1)})
    b = Vertex((F(4), F(0)), {1: F(1)})
    c = Vertex((F(0), F(4)), {2: F(1)})
    clipped = clip(convex_hull([a, b, c]), (F(1), F(0)), F(1))
    by_point = {v.point: v.lottery for v in clipped}
    assert by_point[(F(1), F(0))] == {0: F(3, 4), 1: F(1, 4)}
    assert by_point[(F(1), F(3))] == {1: F(1, 4), 2: F(3, 4)}


def test_mix_and_locate():
    a = Vertex((F(0), F(0)), {0: F(1)}, F(2))
    b = Vertex((F(2), F(4)), {1: F(1)}, F(-2))
    middle = mix(a, b, F(1, 4))
    assert middle.point == (F(1, 2), F(1)) and middle.lottery == {0: F(3, 4), 1: F(1, 4)}
    assert middle.transfer == 1
    assert mix(a, b, F(0)).lottery == {0: F(1)}  # zero weights are dropped
    square = convex_hull(pts((0, 0), (2, 0), (2, 2), (0, 2)))
    assert locate(square, (F(2), F(1))).point == (2, 1)
    with pytest.raises(ValueError, match="not on the polygon's boundary"):
        locate(square, (F(1), F(1)))


def test_downward_closure_and_the_pareto_chain():
    closure = downward_closure(pts((1, 3), (3, 1)), (F(0), F(0)))
    assert set(points(closure)) == {(0, 0), (3, 0), (3, 1), (1, 3), (0, 3)}
    # (2, 2) is on the segment (3, 1)-(1, 3): the hull drops it; (5/2, 5/2) is outside it
    assert points(pareto_chain(convex_hull(pts((0, 0), (3, 1), (1, 3), (2, 2))))) == [
        (3, 1),
        (1, 3),
    ]
    chain = pareto_chain(convex_hull([*pts((0, 0), (3, 1), (1, 3)), Vertex((F(5, 2), F(5, 2)))]))
    assert points(chain) == [(3, 1), (F(5, 2), F(5, 2)), (1, 3)]
    assert points(pareto_chain(convex_hull(pts((0, 0), (2, 2))))) == [(2, 2)]
    assert pareto_chain([]) == []


def test_ray_exit_from_inside_outside_and_along_an_edge():
    t, v = ray_exit(UNIT_SQUARE, (F(0), F(0)), (F(1), F(2)))
    assert (t, v.point) == (F(1, 2), (F(1, 2), F(1)))
    assert ray_exit(UNIT_SQUARE, (F(2), F(2)), (F(1), F(1))) is None
    t, v = ray_exit(UNIT_SQUARE, (F(0), F(0)), (F(1), F(0)))
    assert (t, v.point) == (F(1), (F(1), F(0)))
    assert ray_exit([], (F(0), F(0)), (F(1), F(1))) is None
    assert ray_exit(pts((1, 1)), (F(1), F(1)), (F(1), F(0)))[0] == 0
