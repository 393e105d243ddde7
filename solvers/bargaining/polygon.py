"""Exact two-firm bargaining on the polygon of feasible payoffs (ex-ante problems).

The feasible set is the convex hull of the outcomes' payoff pairs (shifted both ways by
the largest transfer, with transfers); its individually rational part is clipped at the
disagreement point, and every solution lies on the strong Pareto frontier of that
polygon, a chain of edges. On each edge the solution has a closed form in Fractions:

* Nash, weights (w1, w2): on the edge ``A + s (B - A)`` the weighted log-product is
  concave in ``s`` with its stationary point at
  ``s = -(w1 D1 (A2 - d2) + w2 D2 (A1 - d1)) / ((w1 + w2) D1 D2)``, clipped to [0, 1];
* Kalai-Smorodinsky and egalitarian: where the ray from ``d`` towards the ideal point
  (or along (1, 1)) leaves the polygon;
* utilitarian: the frontier vertex (or edge) of largest ``u1 + u2``;
* Rubinstein: the stationary subgame-perfect proposals ``x, y`` with
  ``y1 - d1 = delta1 (x1 - d1)`` and ``x2 - d2 = delta2 (y2 - d2)``, a piecewise-linear
  equation solved exactly.

Each answer comes with an exact certificate (a supporting line, Pareto optimality, the
residual of the equations).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from solvers.bargaining.problem import BargainingProblem
from solvers.errors import SolverFailure
from solvers.exact.polygon import (
    Point,
    Vertex,
    clip,
    convex_hull,
    downward_closure,
    locate,
    mix,
    pareto_chain,
    ray_exit,
)


def effective_cap(problem: BargainingProblem) -> Fraction:
    """The transfer bound: the cap, or (uncapped) one large enough to reach every
    individually rational point."""
    if not problem.transfers:
        return Fraction(0)
    if problem.cap is not None:
        return problem.cap
    d1, d2 = problem.disagreement
    welfare = max(o.payoff[0] + o.payoff[1] for o in problem.outcomes)
    low = min(o.payoff[0] for o in problem.outcomes)
    high = max(o.payoff[0] for o in problem.outcomes)
    return max(abs(welfare - d2 - low), abs(d1 - high)) + 1


def _outcome_vertices(problem: BargainingProblem) -> list[Vertex]:
    cap = effective_cap(problem)
    vertices = []
    for k, o in enumerate(problem.outcomes):
        for t in (Fraction(0),) if cap == 0 else (cap, -cap):
            vertices.append(Vertex((o.payoff[0] + t, o.payoff[1] - t), {k: Fraction(1)}, t))
    return vertices


def feasible_polygon(problem: BargainingProblem) -> list[Vertex]:
    """Convex hull of the outcomes (and their transfer shifts), counter-clockwise."""
    return convex_hull(_outcome_vertices(problem))


def rational_polygon(problem: BargainingProblem) -> list[Vertex]:
    """The individually rational part ``u >= d`` of the hull of the undominated outcomes.

    Dropping outcomes that another one weakly dominates leaves the Pareto frontier, and so
    every solution, unchanged: an individually rational point below the frontier is below
    one of the kept outcomes too.
    """
    d1, d2 = problem.disagreement
    kept = pareto_frontier_points(_outcome_vertices(problem))
    polygon = clip(convex_hull(kept), (Fraction(1), Fraction(0)), d1)
    polygon = clip(polygon, (Fraction(0), Fraction(1)), d2)
    if not polygon:
        raise ValueError(
            "bargaining problem: no lottery gives both firms their disagreement payoff"
        )
    return polygon


def pareto_frontier_points(vertices: list[Vertex]) -> list[Vertex]:
    """The vertices that no other vertex weakly dominates (one per distinct point)."""
    kept: list[Vertex] = []
    for v in sorted(vertices, key=lambda v: (-v.point[0], -v.point[1])):
        if not kept or v.point[1] > kept[-1].point[1]:
            kept.append(v)
    return kept


def _gains(point: Point, d: Point) -> Point:
    return point[0] - d[0], point[1] - d[1]


def _strong(polygon: list[Vertex], chain: list[Vertex], point: Point) -> Vertex:
    """The strongly efficient point of the polygon that dominates a point of the frontier
    of its downward closure (the frontier itself, or its flat extensions)."""
    best1, best2 = chain[0], chain[-1]
    if point[1] >= best2.point[1] and point[0] <= best2.point[0]:
        return best2
    if point[0] >= best1.point[0] and point[1] <= best1.point[1]:
        return best1
    return locate(polygon, point)


def _pareto_certificate(polygon: list[Vertex], point: Point) -> dict[str, Any]:
    dominated_by = [
        v.point
        for v in polygon
        if v.point[0] >= point[0] and v.point[1] >= point[1] and v.point != point
    ]
    return {"pareto_optimal": not dominated_by}


def _supporting_line(polygon: list[Vertex], point: Point, normal: Point) -> Fraction:
    """Largest excess ``normal . (v - point)`` over the polygon's vertices (<= 0: supports)."""
    return max(
        normal[0] * (v.point[0] - point[0]) + normal[1] * (v.point[1] - point[1]) for v in polygon
    )


def _slope_sign(point: Point, direction: Point, d: Point, w: tuple[Fraction, Fraction]) -> int:
    """Sign of the derivative of ``w1 log g1 + w2 log g2`` moving from ``point`` along
    ``direction`` (gains ``g = point - d``, both positive): the sign of
    ``w1 D1 g2 + w2 D2 g1``, exact and free of powers of the weights."""
    g1, g2 = _gains(point, d)
    value = w[0] * direction[0] * g2 + w[1] * direction[1] * g1
    return (value > 0) - (value < 0)


def _both_gain(point: Point, d: Point) -> bool:
    g1, g2 = _gains(point, d)
    return g1 > 0 and g2 > 0


def _nash_point(chain: list[Vertex], d: Point, w: tuple[Fraction, Fraction]) -> Vertex | None:
    """The maximizer of ``w1 log g1 + w2 log g2`` on the Pareto chain, or None when no
    point of it gives both firms a strict gain.

    Along the chain (firm 1's best point first) firm 1's gain falls and firm 2's rises,
    and the weighted log-product is concave there (the frontier is concave). So the
    maximum is on the first edge whose far end the objective does not climb to, at its
    near end if it falls right away, else at the edge's stationary point
    ``s = -(w1 D1 a2 + w2 D2 a1) / ((w1 + w2) D1 D2)`` (gains ``a`` at the near end).
    """
    w1, w2 = w
    for a, b in zip(chain, chain[1:]):
        direction = (b.point[0] - a.point[0], b.point[1] - a.point[1])
        if _both_gain(b.point, d) and _slope_sign(b.point, direction, d, w) >= 0:
            continue  # still climbing at b: the maximum is further on
        if _both_gain(a.point, d) and _slope_sign(a.point, direction, d, w) <= 0:
            return a
        a1, a2 = _gains(a.point, d)
        d1, d2 = direction
        s = -(w1 * d1 * a2 + w2 * d2 * a1) / ((w1 + w2) * d1 * d2)
        return mix(a, b, s)
    last = chain[-1]
    return last if _both_gain(last.point, d) else None


def nash(
    problem: BargainingProblem, polygon: list[Vertex], weights: tuple[Fraction, Fraction]
) -> tuple[Vertex, dict[str, Any]]:
    """Weighted Nash solution on the frontier, exactly (module docstring)."""
    d = problem.disagreement
    w1, w2 = weights
    best = _nash_point(pareto_chain(polygon), d, weights)
    certificate: dict[str, Any] = {"nash_product_positive": best is not None}
    if best is not None:
        g1, g2 = _gains(best.point, d)
        normal = (w1 / g1, w2 / g2)
        certificate["supporting_line_excess"] = _supporting_line(polygon, best.point, normal)
    else:  # no point gives both a strict gain: fall back on the utilitarian point
        best, extra = utilitarian(problem, polygon)
        certificate.update(extra)
        certificate["degenerate"] = "no feasible point gives both firms a strict gain"
    certificate.update(_pareto_certificate(polygon, best.point))
    return best, certificate


def ray_solution(
    problem: BargainingProblem, polygon: list[Vertex], direction: Point
) -> tuple[Vertex, dict[str, Any]]:
    """Largest ``t`` such that some feasible point gives at least ``d + t direction``, and
    the strongly efficient point there (Kalai-Smorodinsky: towards the ideal point;
    egalitarian: along (1, 1)). The disagreement point itself need not be feasible."""
    d = problem.disagreement
    chain = pareto_chain(polygon)
    if direction == (0, 0):
        point = chain[0]
        return point, _pareto_certificate(polygon, point.point)
    exit_ = ray_exit(downward_closure(polygon, d), d, direction)
    if exit_ is None:  # pragma: no cover - the closure contains d
        raise ValueError("bargaining problem: the disagreement point is not below any outcome")
    t, reached = exit_
    point = _strong(polygon, chain, reached.point)
    certificate: dict[str, Any] = {"ray_parameter": t}
    certificate.update(_pareto_certificate(polygon, point.point))
    return point, certificate


def ideal_point(polygon: list[Vertex]) -> Point:
    return max(v.point[0] for v in polygon), max(v.point[1] for v in polygon)


def utilitarian(problem: BargainingProblem, polygon: list[Vertex]) -> tuple[Vertex, dict[str, Any]]:
    """Largest ``u1 + u2``; on a tied edge, the point nearest to equal gains."""
    d = problem.disagreement
    chain = pareto_chain(polygon)
    top = max(v.point[0] + v.point[1] for v in chain)
    tied = [v for v in chain if v.point[0] + v.point[1] == top]
    best = tied[0]
    if len(tied) == 2:  # an edge of slope -1: pick its point closest to equal gains
        a, b = tied
        ga, gb = _gains(a.point, d), _gains(b.point, d)
        # (1 - s)(ga1 - ga2) + s (gb1 - gb2) = 0
        da, db = ga[0] - ga[1], gb[0] - gb[1]
        s = da / (da - db) if da != db else Fraction(0)
        best = mix(a, b, min(max(s, Fraction(0)), Fraction(1)))
    certificate = {
        "supporting_line_excess": _supporting_line(polygon, best.point, (Fraction(1), Fraction(1)))
    }
    certificate.update(_pareto_certificate(polygon, best.point))
    return best, certificate


def _frontier_function(chain: list[Vertex], d: Point):
    """Firm 2's best gain given firm 1's gain g (the frontier, flat beyond its ends)."""
    gains = [_gains(v.point, d) for v in reversed(chain)]  # increasing in firm 1's gain

    def phi(g: Fraction) -> Fraction:
        if g <= gains[0][0]:
            return gains[0][1]
        for (x0, y0), (x1, y1) in zip(gains, gains[1:]):
            if g <= x1:
                return y0 + (y1 - y0) * (g - x0) / (x1 - x0)
        return gains[-1][1]

    return phi, gains


def rubinstein(
    problem: BargainingProblem, polygon: list[Vertex], discount: tuple[Fraction, Fraction]
) -> tuple[Vertex, dict[str, Any]]:
    """Subgame-perfect agreement of alternating offers, firm 1 proposing first.

    Stationary proposals ``x`` (firm 1's) and ``y`` (firm 2's) on the frontier make the
    responder indifferent: ``phi(x1) = delta2 phi(delta1 x1)`` in gains over ``d``; if
    firm 2 accepts even firm 1's best point, that point is proposed.
    """
    delta1, delta2 = discount
    d = problem.disagreement
    chain = pareto_chain(polygon)
    phi, gains = _frontier_function(chain, d)
    top = gains[-1][0]  # firm 1's largest gain

    def excess(g: Fraction) -> Fraction:
        return phi(g) - delta2 * phi(delta1 * g)

    if excess(top) >= 0:
        x1 = top
    else:
        points = {Fraction(0), top}
        for x, _ in gains:
            points.add(x)
            if delta1 > 0:
                points.add(x / delta1)
        grid = sorted(p for p in points if 0 <= p <= top)
        x1 = None
        for lo, hi in zip(grid, grid[1:]):
            e_lo, e_hi = excess(lo), excess(hi)
            if e_lo >= 0 >= e_hi:
                x1 = lo if e_lo == e_hi else lo + (hi - lo) * e_lo / (e_lo - e_hi)
                break
        if x1 is None:  # pragma: no cover - excess(0) >= 0 > excess(top)
            raise SolverFailure("Rubinstein: no stationary agreement found")
    point = (d[0] + x1, d[1] + phi(x1))
    offer2 = (d[0] + delta1 * x1, d[1] + phi(delta1 * x1))
    vertex = locate(polygon, point)
    # firm 2 is indifferent (excess 0), or at firm 1's best point accepts (excess >= 0)
    residual = excess(x1)
    certificate = {
        "responder_indifference_residual": max(Fraction(0), -residual) if x1 == top else residual,
        "firm2_proposal": offer2,
    }
    certificate.update(_pareto_certificate(polygon, point))
    return vertex, certificate
