"""All extreme mixed (behavioural) equilibria of a component, by support enumeration.

A behavioural strategy gives each cell a probability of action 1. Firm f's twice-gain
at cell c is ``g_f(c) = base_f[c] - weight_f[c] @ x_other`` (solvers.game): it depends
only on the other firm's strategy. A profile is an equilibrium when every cell plays 1
where its gain is positive, 0 where negative, and anything where it is zero.

The equilibrium set is a finite union of polytopes (one per assignment of "0", "1" or
"mixed" to every cell, each a product of a polytope of firm-1 strategies and one of
firm-2 strategies). Its extreme points are found exactly:

1. For one firm X (the cheaper side), every set M of its cells that mix and every set S
   of |M| cells of the other firm Y that they make indifferent: where the indifference
   equations have a unique solution strictly inside (0, 1)^M, it is a candidate point
   x (a vertex of the arrangement of Y's indifference hyperplanes); the pure points of
   X are candidates too. The matrix of the equations depends only on (M, S), so its
   determinant and adjugate are computed once, exactly, and all ``2^(n - |M|)`` pure
   parts of x are solved with them.
2. Given x, Y's cells with nonzero gain are fixed; the free ones range over the polytope
   where X's cells keep their types (indifference for mixed cells, sign conditions for
   pure ones). Each vertex y of it gives an extreme equilibrium (x, y).

A component's set is not finite (``continuum``) when some such polytope, on either
side, has more than one vertex.

Every decision is made in integers: the gain coefficients are integers, a point is held
as integer numerators over one positive denominator, and the sign of a gain at a point
is the sign of its numerator. Fractions appear only in the reply polytopes with free
cells (solvers.exact.linear) and in the returned profiles. Small systems are solved in plain
Python; those with many pure parts are vectorized over the parts (numpy object arrays).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from itertools import combinations, product
from math import comb, gcd, lcm

import numpy as np

from solvers.errors import SolverLimitError
from solvers.exact.linear import integer_adjugate, polytope_vertices
from solvers.game import BayesianGame, FirmSide

MixedProfile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]
#: A point of one firm's strategy space: integer numerators over a positive denominator.
Point = tuple[tuple[int, ...], int]
#: A firm's integer gain coefficients: ``base`` and the rows of ``weight``.
Coefficients = tuple[list[int], list[list[int]]]

#: Most (pure part, indifference system) pairs examined for one component.
MAX_SUPPORT_SYSTEMS = 30_000_000

#: Pure parts from which the candidates of one (M, S) are computed as numpy arrays.
VECTORIZE_FROM = 16


def integer_coefficients(side: FirmSide) -> Coefficients:
    """The integer-scaled gain coefficients (solvers.game) as Python ints."""
    return [int(v) for v in side.base.tolist()], [
        [int(v) for v in row] for row in side.weight.tolist()
    ]


def scaled_gains(coefficients: Coefficients, point: Point) -> list[int]:
    """``den * g(c)`` for every cell c against the other firm's ``point``: same sign as
    the gain."""
    base, weight = coefficients
    numerators, den = point
    return [
        b * den - sum(w * v for w, v in zip(row, numerators) if v) for b, row in zip(base, weight)
    ]


def keeps_types(fixed: Point, gains: Sequence[int]) -> bool:
    """Whether the firm playing ``fixed`` best-responds to gains of these signs: mixed
    cells indifferent, cells playing 1 with gain >= 0 and cells playing 0 with gain <= 0."""
    numerators, den = fixed
    for v, g in zip(numerators, gains):
        if (0 < v < den and g != 0) or (v == den and g < 0) or (v == 0 and g > 0):
            return False
    return True


def reply_vertices(
    fixed: Point, fixed_side: Coefficients, reply_side: Coefficients
) -> tuple[list[Point], bool] | None:
    """Vertices of the set of strategies y of one firm such that ``(fixed, y)`` is an
    equilibrium, and whether that set has more than one point.

    ``fixed_side`` holds the gain coefficients of the firm playing ``fixed`` (its gains
    depend on y); ``reply_side`` those of the replying firm (its gains depend on fixed).
    None if the vertex enumeration would be too large.
    """
    reply_gains = scaled_gains(reply_side, fixed)
    free = [c for c, g in enumerate(reply_gains) if g == 0]
    pure = tuple(1 if g > 0 else 0 for g in reply_gains)
    if not free:  # the reply is pure and unique: one integer check
        ok = keeps_types(fixed, scaled_gains(fixed_side, (pure, 1)))
        return ([(pure, 1)] if ok else []), False
    base_f, weight_f = fixed_side
    numerators, den = fixed
    a_eq: list[list[Fraction]] = []
    b_eq: list[Fraction] = []
    a_ub: list[list[Fraction]] = []
    b_ub: list[Fraction] = []
    free_set = set(free)
    for c, v in enumerate(numerators):
        # g_fixed(c) = const - row_free . y_free
        const = Fraction(
            base_f[c]
            - sum(w * y for j, (w, y) in enumerate(zip(weight_f[c], pure)) if j not in free_set)
        )
        row = [Fraction(weight_f[c][j]) for j in free]
        if 0 < v < den:
            a_eq.append(row)
            b_eq.append(const)
        elif v == den:  # g >= 0  <=>  row . y <= const
            a_ub.append(row)
            b_ub.append(const)
        else:  # g <= 0  <=>  -row . y <= -const
            a_ub.append([-r for r in row])
            b_ub.append(-const)
    k = len(free)
    for j in range(k):
        unit = [Fraction(int(i == j)) for i in range(k)]
        a_ub += [unit, [-u for u in unit]]
        b_ub += [Fraction(1), Fraction(0)]
    vertices = polytope_vertices(a_eq, b_eq, a_ub, b_ub, k)
    if vertices is None:
        return None
    result = []
    for vertex in vertices:
        full = [Fraction(v) for v in pure]
        for j, value in zip(free, vertex):
            full[j] = value
        result.append(point_of(full))
    return result, len(result) > 1


def point_of(values: Sequence[Fraction]) -> Point:
    """The point with these coordinates, over their least common denominator."""
    den = lcm(*(v.denominator for v in values)) if values else 1
    return tuple(int(v * den) for v in values), den


def fractions_of(point: Point) -> tuple[Fraction, ...]:
    numerators, den = point
    return tuple(Fraction(v, den) for v in numerators)


def _reduced(numerators: Sequence[int], det: int) -> Point:
    """``numerators / det`` as a point with a positive denominator in lowest terms."""
    if det < 0:
        numerators, det = [-v for v in numerators], -det
    common = gcd(det, *numerators)
    return tuple(v // common for v in numerators), det // common


def candidate_points(
    weight_other: list[list[int]], base_other: list[int], n_x: int
) -> Iterator[Point]:
    """Step 1 of the module docstring: pure points first, then the arrangement vertices
    with mixed coordinates strictly inside (0, 1)."""
    n_y = len(base_other)
    for pure in product((0, 1), repeat=n_x):
        yield pure, 1
    for m in range(1, min(n_x, n_y) + 1):
        for mixed in combinations(range(n_x), m):
            rest = [j for j in range(n_x) if j not in mixed]
            parts = list(product((0, 1), repeat=len(rest)))
            # consts[p][s]: Y's gain at cell s with X's mixed cells at 0 and pure part p
            consts = [
                [
                    b - sum(row[j] for j, bit in zip(rest, part) if bit)
                    for b, row in zip(base_other, weight_other)
                ]
                for part in parts
            ]
            vectorized = np.array(consts, dtype=object) if len(parts) >= VECTORIZE_FROM else None
            for subset in combinations(range(n_y), m):
                inverse = integer_adjugate([[weight_other[s][j] for j in mixed] for s in subset])
                if inverse is None:
                    continue
                det, adj = inverse
                for p, solution in _inside(consts, vectorized, subset, det, adj):
                    numerators = [0] * n_x
                    for j, bit in zip(rest, parts[p]):
                        numerators[j] = bit * det
                    for j, v in zip(mixed, solution):
                        numerators[j] = v
                    yield _reduced(numerators, det)


def scaled_solution(adj: list[list[int]], consts: list[int], subset: Sequence[int]) -> list[int]:
    """``det * x_M`` for the system of the cells ``subset`` (Cramer: ``adj @ consts``)."""
    rhs = [consts[s] for s in subset]
    return [sum(a * c for a, c in zip(row, rhs)) for row in adj]


def _inside(
    consts: list[list[int]], vectorized: np.ndarray | None, subset: Sequence[int], det: int,
    adj: list[list[int]],
) -> Iterator[tuple[int, list[int]]]:  # fmt: skip
    """The pure parts whose solution lies strictly inside (0, 1)^M (``0 < num / det <
    1``), each with its solution ``num = det * x_M``."""
    low, high = (0, det) if det > 0 else (det, 0)
    if vectorized is None:
        for p, row in enumerate(consts):
            solution = scaled_solution(adj, row, subset)
            if all(low < v < high for v in solution):
                yield p, solution
        return
    numerators = vectorized[:, list(subset)] @ np.array(adj, dtype=object).T
    for p in np.nonzero(((numerators > low) & (numerators < high)).all(axis=1))[0].tolist():
        yield p, [int(v) for v in numerators[p]]


def support_system_count(n_x: int, n_y: int) -> int:
    """(pure part, system) pairs examined when the firm with ``n_x`` cells is enumerated."""
    return sum(comb(n_x, m) * 2 ** (n_x - m) * comb(n_y, m) for m in range(min(n_x, n_y) + 1))


def component_mixed_equilibria(game: BayesianGame) -> tuple[list[MixedProfile], bool]:
    """All extreme equilibria of a component (pure ones included), sorted, and whether the
    component's equilibrium set is not finite. Exact throughout."""
    n1, n2 = game.sizes
    counts = (support_system_count(n1, n2), support_system_count(n2, n1))
    x_firm = 0 if counts[0] <= counts[1] else 1
    if counts[x_firm] > MAX_SUPPORT_SYSTEMS:
        raise SolverLimitError(
            f"component with {n1} x {n2} cells: support enumeration would examine "
            f"{counts[x_firm]} systems (limit {MAX_SUPPORT_SYSTEMS}); use method 'lemke'"
        )
    sides = [integer_coefficients(s) for s in game.sides]
    own, other = sides[x_firm], sides[1 - x_firm]
    found: dict[tuple[Point, Point], None] = {}
    continuum = False
    for x in candidate_points(other[1], other[0], (n1, n2)[x_firm]):
        replies = reply_vertices(x, own, other)
        if replies is None:
            raise SolverLimitError(
                "support enumeration: a reply polytope is too large; use method 'lemke'"
            )
        ys, many = replies
        continuum |= many
        for y in ys:
            found[(x, y) if x_firm == 0 else (y, x)] = None
    for _, y in found:  # the other direction: the set of x against a found y
        replies = reply_vertices(y, sides[1], sides[0])
        if replies is not None and replies[1]:
            continuum = True
    return sorted((fractions_of(x), fractions_of(y)) for x, y in found), continuum
