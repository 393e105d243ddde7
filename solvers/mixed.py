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
   parts of x are solved at once in integer arithmetic.
2. Given x, Y's cells with nonzero gain are fixed; the free ones range over the polytope
   where X's cells keep their types (indifference for mixed cells, sign conditions for
   pure ones). Each vertex y of it gives an extreme equilibrium (x, y).

A component's set is not finite (``continuum``) when some such polytope, on either
side, has more than one vertex.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from itertools import combinations, product
from math import comb

import numpy as np

from solvers.errors import SolverLimitError
from solvers.game import BayesianGame, FirmSide
from solvers.linear import integer_adjugate, polytope_vertices

MixedProfile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]

#: Most (pure part, indifference system) pairs examined for one component.
MAX_SUPPORT_SYSTEMS = 30_000_000


def _exact_side(side: FirmSide) -> tuple[list[Fraction], list[list[Fraction]]]:
    """The integer-scaled gain coefficients (solvers.game) as Fractions with denominator 1."""
    base = [Fraction(int(v)) for v in side.base]
    weight = [[Fraction(int(v)) for v in row] for row in side.weight]
    return base, weight


def _gains(
    base: list[Fraction], weight: list[list[Fraction]], other: tuple[Fraction, ...]
) -> list[Fraction]:
    return [
        b - sum((w * x for w, x in zip(row, other)), Fraction(0)) for b, row in zip(base, weight)
    ]


def reply_vertices(
    fixed: tuple[Fraction, ...],
    fixed_side: tuple[list[Fraction], list[list[Fraction]]],
    reply_side: tuple[list[Fraction], list[list[Fraction]]],
) -> tuple[list[tuple[Fraction, ...]], bool] | None:
    """Vertices of the set of strategies y of one firm such that ``(fixed, y)`` is an
    equilibrium, and whether that set has more than one point.

    ``fixed_side`` holds the gain coefficients of the firm playing ``fixed`` (its gains
    depend on y); ``reply_side`` those of the replying firm (its gains depend on fixed).
    None if the vertex enumeration would be too large.
    """
    base_r, weight_r = reply_side
    base_f, weight_f = fixed_side
    reply_gains = _gains(base_r, weight_r, fixed)
    n = len(reply_gains)
    free = [c for c in range(n) if reply_gains[c] == 0]
    y = [Fraction(1) if g > 0 else Fraction(0) for g in reply_gains]
    a_eq: list[list[Fraction]] = []
    b_eq: list[Fraction] = []
    a_ub: list[list[Fraction]] = []
    b_ub: list[Fraction] = []
    for c, x in enumerate(fixed):
        # g_fixed(c) = const - row_free . y_free
        const = base_f[c] - sum(
            (weight_f[c][j] * y[j] for j in range(n) if j not in free), Fraction(0)
        )
        row = [weight_f[c][j] for j in free]
        if 0 < x < 1:
            a_eq.append(row)
            b_eq.append(const)
        elif x == 1:  # g >= 0  <=>  row . y <= const
            a_ub.append(row)
            b_ub.append(const)
        else:  # g <= 0  <=>  -row . y <= -const
            a_ub.append([-v for v in row])
            b_ub.append(-const)
    k = len(free)
    for j in range(k):
        unit = [Fraction(1) if i == j else Fraction(0) for i in range(k)]
        a_ub.append(unit)
        b_ub.append(Fraction(1))
        a_ub.append([-v for v in unit])
        b_ub.append(Fraction(0))
    vertices = polytope_vertices(a_eq, b_eq, a_ub, b_ub, k)
    if vertices is None:
        return None
    result = []
    for vertex in vertices:
        full = list(y)
        for j, v in zip(free, vertex):
            full[j] = v
        result.append(tuple(full))
    return result, len(result) > 1


def candidate_points(
    weight_other: np.ndarray, base_other: np.ndarray, n_x: int
) -> Iterator[tuple[Fraction, ...]]:
    """Step 1 of the module docstring: pure points first, then the arrangement vertices
    with mixed coordinates strictly inside (0, 1). Integer inputs (object arrays)."""
    n_y = len(base_other)
    for pure in product((0, 1), repeat=n_x):
        yield tuple(Fraction(v) for v in pure)
    for m in range(1, min(n_x, n_y) + 1):
        for mixed in combinations(range(n_x), m):
            rest = [j for j in range(n_x) if j not in mixed]
            parts = np.array(list(product((0, 1), repeat=len(rest))), dtype=object)
            parts = parts.reshape(2 ** len(rest), len(rest))
            consts = np.tile(base_other, (len(parts), 1))
            if rest:
                consts = consts - parts @ weight_other[:, rest].T
            for subset in combinations(range(n_y), m):
                inverse = integer_adjugate(weight_other[np.ix_(subset, mixed)])
                if inverse is None:
                    continue
                det, adj = inverse
                numerators = consts[:, list(subset)] @ adj.T
                if det > 0:
                    inside = ((numerators > 0) & (numerators < det)).all(axis=1)
                else:
                    inside = ((numerators < 0) & (numerators > det)).all(axis=1)
                for row in np.nonzero(inside)[0]:
                    point = [Fraction(0)] * n_x
                    for j, v in zip(rest, parts[row]):
                        point[j] = Fraction(int(v))
                    for j, v in zip(mixed, numerators[row]):
                        point[j] = Fraction(int(v), det)
                    yield tuple(point)


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
    sides = [_exact_side(s) for s in game.sides]
    own, other = sides[x_firm], sides[1 - x_firm]
    n_x = (n1, n2)[x_firm]
    weight_other = np.array([[int(w) for w in row] for row in other[1]], dtype=object).reshape(
        len(other[0]), n_x
    )
    base_other = np.array([int(b) for b in other[0]], dtype=object)
    found: set[MixedProfile] = set()
    continuum = False
    for x in candidate_points(weight_other, base_other, n_x):
        replies = reply_vertices(x, own, other)
        if replies is None:
            raise SolverLimitError(
                "support enumeration: a reply polytope is too large; use method 'lemke'"
            )
        ys, many = replies
        continuum |= many
        for y in ys:
            found.add((x, y) if x_firm == 0 else (y, x))
    for _, y in list(found):  # the other direction: the set of x against a found y
        replies = reply_vertices(y, sides[1], sides[0])
        if replies is not None and replies[1]:
            continuum = True
    return sorted(found), continuum
