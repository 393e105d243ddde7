"""Exact planar geometry for two-firm bargaining: hulls, clipping, Pareto frontiers.

Points are pairs of Fractions. Each polygon vertex carries the lottery that produces it
(a dict from outcome index to probability, and a transfer), so that any point of the
polygon can be traced back to a lottery over outcomes exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

Point = tuple[Fraction, Fraction]


@dataclass(frozen=True)
class Vertex:
    """A point of the feasible set and the lottery (and transfer) that produces it."""

    point: Point
    lottery: dict[int, Fraction] = field(default_factory=dict, compare=False)
    transfer: Fraction = field(default=Fraction(0), compare=False)


def mix(a: Vertex, b: Vertex, s: Fraction) -> Vertex:
    """The vertex ``(1 - s) a + s b`` with its lottery and transfer mixed alike."""
    point = (a.point[0] + s * (b.point[0] - a.point[0]), a.point[1] + s * (b.point[1] - a.point[1]))
    lottery: dict[int, Fraction] = {}
    for weight, v in ((1 - s, a), (s, b)):
        if weight:
            for k, p in v.lottery.items():
                lottery[k] = lottery.get(k, Fraction(0)) + weight * p
    return Vertex(
        point, {k: p for k, p in lottery.items() if p}, (1 - s) * a.transfer + s * b.transfer
    )


def _cross(o: Point, a: Point, b: Point) -> Fraction:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(vertices: Sequence[Vertex]) -> list[Vertex]:
    """Counter-clockwise convex hull (Andrew's monotone chain), collinear points dropped.

    >>> F = Fraction
    >>> hull = convex_hull([Vertex((F(0), F(0))), Vertex((F(1), F(0))), Vertex((F(0), F(1))),
    ...                     Vertex((F(1, 4), F(1, 4)))])
    >>> [tuple(map(str, v.point)) for v in hull]
    [('0', '0'), ('1', '0'), ('0', '1')]
    """
    unique: dict[Point, Vertex] = {}
    for v in vertices:
        unique.setdefault(v.point, v)
    pts = sorted(unique.values(), key=lambda v: v.point)
    if len(pts) <= 2:
        return pts
    lower: list[Vertex] = []
    for v in pts:
        while len(lower) >= 2 and _cross(lower[-2].point, lower[-1].point, v.point) <= 0:
            lower.pop()
        lower.append(v)
    upper: list[Vertex] = []
    for v in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2].point, upper[-1].point, v.point) <= 0:
            upper.pop()
        upper.append(v)
    return lower[:-1] + upper[:-1]


def clip(polygon: Sequence[Vertex], normal: Point, offset: Fraction) -> list[Vertex]:
    """The part of a convex polygon where ``normal . u >= offset`` (Sutherland-Hodgman)."""

    def value(v: Vertex) -> Fraction:
        return normal[0] * v.point[0] + normal[1] * v.point[1] - offset

    if len(polygon) == 1:
        return list(polygon) if value(polygon[0]) >= 0 else []
    out: list[Vertex] = []
    n = len(polygon)
    for i in range(n):
        a, b = polygon[i], polygon[(i + 1) % n]
        va, vb = value(a), value(b)
        if va >= 0:
            out.append(a)
        if (va > 0 > vb) or (va < 0 < vb):
            out.append(mix(a, b, va / (va - vb)))
        if n == 2 and i == 0:  # a segment: do not walk back from b to a
            if vb >= 0:
                out.append(b)
            break
    return convex_hull(out)


def downward_closure(polygon: Sequence[Vertex], floor: Point) -> list[Vertex]:
    """``{q >= floor : q <= p for some p in the polygon}`` (for a polygon above ``floor``),
    a convex polygon; the added vertices carry no lottery."""
    extra = [Vertex(floor)]
    for v in polygon:
        extra.append(Vertex((v.point[0], floor[1])))
        extra.append(Vertex((floor[0], v.point[1])))
    return convex_hull(list(polygon) + extra)


def pareto_chain(polygon: Sequence[Vertex]) -> list[Vertex]:
    """The strong Pareto frontier of a convex polygon, from its best point for firm 1 to
    its best for firm 2 (a single vertex when one point dominates all)."""
    if not polygon:
        return []
    best1 = max(polygon, key=lambda v: (v.point[0], v.point[1]))
    best2 = max(polygon, key=lambda v: (v.point[1], v.point[0]))
    n = len(polygon)
    start = polygon.index(best1)
    chain = [best1]
    i = start
    while polygon[i] is not best2:
        i = (i + 1) % n
        chain.append(polygon[i])
        if i == start:  # pragma: no cover - best2 is on the polygon
            break
    # keep only strictly decreasing steps (drop weakly dominated vertices)
    strict = [chain[0]]
    for v in chain[1:]:
        if v.point[0] < strict[-1].point[0] and v.point[1] > strict[-1].point[1]:
            strict.append(v)
    return strict


def ray_exit(
    polygon: Sequence[Vertex], origin: Point, direction: Point
) -> tuple[Fraction, Vertex] | None:
    """Largest ``t >= 0`` with ``origin + t direction`` in the convex polygon, and that
    point (with its lottery); None when the origin is not in the polygon."""
    n = len(polygon)
    if n == 0:
        return None
    if n == 1:
        return (Fraction(0), polygon[0]) if polygon[0].point == origin else None
    if n == 2:
        return _ray_exit_segment(polygon[0], polygon[1], origin, direction)
    low, high = Fraction(0), None
    for i in range(n):
        a, b = polygon[i].point, polygon[(i + 1) % n].point
        inward = (-(b[1] - a[1]), b[0] - a[0])  # counter-clockwise: interior on the left
        slack = inward[0] * (origin[0] - a[0]) + inward[1] * (origin[1] - a[1])
        rate = inward[0] * direction[0] + inward[1] * direction[1]
        if rate == 0:
            if slack < 0:
                return None
            continue
        bound = -slack / rate
        if rate < 0:
            high = bound if high is None else min(high, bound)
        elif bound > 0:
            return None  # the origin is outside this edge's half-plane
    if high is None or high < low:
        return None
    point = (origin[0] + high * direction[0], origin[1] + high * direction[1])
    return high, locate(polygon, point)


def _ray_exit_segment(
    a: Vertex, b: Vertex, origin: Point, direction: Point
) -> tuple[Fraction, Vertex] | None:
    edge = (b.point[0] - a.point[0], b.point[1] - a.point[1])
    offset = (origin[0] - a.point[0], origin[1] - a.point[1])
    if _cross((Fraction(0), Fraction(0)), edge, offset) != 0:
        return None  # the origin is off the segment's line
    length = edge[0] * edge[0] + edge[1] * edge[1]
    s0 = (offset[0] * edge[0] + offset[1] * edge[1]) / length
    if not 0 <= s0 <= 1:
        return None
    along = _cross((Fraction(0), Fraction(0)), edge, direction)
    if along != 0:
        return Fraction(0), mix(a, b, s0)  # the ray leaves the line at once
    rate = (direction[0] * edge[0] + direction[1] * edge[1]) / length
    if rate == 0:
        return Fraction(0), mix(a, b, s0)
    s1 = Fraction(1) if rate > 0 else Fraction(0)
    return (s1 - s0) / rate, mix(a, b, s1)


def locate(polygon: Sequence[Vertex], point: Point) -> Vertex:
    """The vertex at ``point`` with its lottery, for a point on the polygon's boundary."""
    n = len(polygon)
    for i in range(n):
        a, b = polygon[i], polygon[(i + 1) % n]
        if a.point == point:
            return a
        if _cross(a.point, b.point, point) == 0:
            dx, dy = b.point[0] - a.point[0], b.point[1] - a.point[1]
            s = (point[0] - a.point[0]) / dx if dx else (point[1] - a.point[1]) / dy
            if 0 <= s <= 1:
                return mix(a, b, s)
    raise ValueError(f"point {point} is not on the polygon's boundary")
