"""Exact linear algebra over the rationals: affine solution sets and polytope vertices.

Small dense systems in Fractions, as needed by support enumeration (the indifference
conditions of mixed equilibria) and by the Lemke pivoting method.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import combinations
from math import comb

Matrix = list[list[Fraction]]
Vector = list[Fraction]


def affine_solutions(
    a: Sequence[Sequence[Fraction]], b: Sequence[Fraction], n: int
) -> tuple[Vector, Matrix] | None:
    """All x with ``a x = b``, as ``x0 + N t``; None when the system is inconsistent.

    Returns ``(x0, basis)`` where ``basis`` lists the null-space vectors (columns of N).

    >>> x0, basis = affine_solutions([[Fraction(1), Fraction(1)]], [Fraction(1)], 2)
    >>> x0, basis
    ([Fraction(1, 1), Fraction(0, 1)], [[Fraction(-1, 1), Fraction(1, 1)]])
    """
    rows = [[Fraction(v) for v in row] + [Fraction(rhs)] for row, rhs in zip(a, b)]
    pivots: list[int] = []
    r = 0
    for col in range(n):
        pivot = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        lead = rows[r][col]
        rows[r] = [v / lead for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col] != 0:
                factor = rows[i][col]
                rows[i] = [v - factor * w for v, w in zip(rows[i], rows[r])]
        pivots.append(col)
        r += 1
        if r == len(rows):
            break
    if any(all(v == 0 for v in row[:n]) and row[n] != 0 for row in rows[r:]):
        return None
    x0 = [Fraction(0)] * n
    for i, col in enumerate(pivots):
        x0[col] = rows[i][n]
    basis = []
    for free in (c for c in range(n) if c not in pivots):
        vector = [Fraction(0)] * n
        vector[free] = Fraction(1)
        for i, col in enumerate(pivots):
            vector[col] = -rows[i][free]
        basis.append(vector)
    return x0, basis


def polytope_vertices(
    a_eq: Sequence[Sequence[Fraction]],
    b_eq: Sequence[Fraction],
    a_ub: Sequence[Sequence[Fraction]],
    b_ub: Sequence[Fraction],
    n: int,
    max_subsets: int = 200_000,
) -> list[tuple[Fraction, ...]] | None:
    """Vertices of ``{x in R^n : a_eq x = b_eq, a_ub x <= b_ub}``, exactly; [] when empty.

    The polytope must be bounded (callers include the box ``0 <= x <= 1``). Vertices are
    the feasible points where the equalities and ``dim`` linearly independent
    inequalities are tight. Returns None if more than ``max_subsets`` subsets of
    inequalities would have to be tried.

    >>> F = Fraction
    >>> sorted(polytope_vertices([], [], [[F(1)], [F(-1)]], [F(1), F(0)], 1))
    [(Fraction(0, 1),), (Fraction(1, 1),)]
    """
    space = affine_solutions(a_eq, b_eq, n)
    if space is None:
        return []
    x0, basis = space
    dim = len(basis)
    # the inequalities in the coordinates t of x = x0 + N t
    rows = [[sum((r[k] * v[k] for k in range(n)), Fraction(0)) for v in basis] for r in a_ub]
    rhs = [bi - sum((r[k] * x0[k] for k in range(n)), Fraction(0)) for r, bi in zip(a_ub, b_ub)]

    def point(t: Sequence[Fraction]) -> tuple[Fraction, ...]:
        return tuple(
            x0[k] + sum((t[j] * basis[j][k] for j in range(dim)), Fraction(0)) for k in range(n)
        )

    def feasible(t: Sequence[Fraction]) -> bool:
        return all(
            sum((r[j] * t[j] for j in range(dim)), Fraction(0)) <= h for r, h in zip(rows, rhs)
        )

    if dim == 0:
        return [point([])] if feasible([]) else []
    count = comb(len(rows), dim)
    if count > max_subsets:
        return None
    found: set[tuple[Fraction, ...]] = set()
    for subset in combinations(range(len(rows)), dim):
        solved = affine_solutions([rows[i] for i in subset], [rhs[i] for i in subset], dim)
        if solved is None or solved[1]:
            continue
        t = solved[0]
        if feasible(t):
            found.add(point(t))
    return sorted(found)


def solve_integer_system(a: Sequence[Sequence[int]], b: Sequence[int]) -> list[Fraction] | None:
    """The unique solution of a square integer system ``a x = b``, or None if singular.

    Fraction-free (Bareiss) elimination keeps every intermediate an integer, which is
    much faster than elimination in Fractions.

    >>> solve_integer_system([[2, 1], [1, 3]], [3, 5])
    [Fraction(4, 5), Fraction(7, 5)]
    >>> solve_integer_system([[1, 2], [2, 4]], [1, 2]) is None
    True
    """
    n = len(b)
    rows = [[int(v) for v in row] + [int(rhs)] for row, rhs in zip(a, b)]
    previous = 1
    for k in range(n):
        pivot = next((i for i in range(k, n) if rows[i][k] != 0), None)
        if pivot is None:
            return None
        rows[k], rows[pivot] = rows[pivot], rows[k]
        for i in range(k + 1, n):
            rows[i] = [
                (rows[k][k] * rows[i][j] - rows[i][k] * rows[k][j]) // previous if j > k else 0
                for j in range(n + 1)
            ]
        previous = rows[k][k]
    x = [Fraction(0)] * n
    for i in reversed(range(n)):
        total = Fraction(rows[i][n]) - sum(
            (rows[i][j] * x[j] for j in range(i + 1, n)), Fraction(0)
        )
        x[i] = total / rows[i][i]
    return x


def integer_adjugate(matrix: Sequence[Sequence[int]]) -> tuple[int, list[list[int]]] | None:
    """``(det, adj)`` of a square integer matrix, ``adj @ matrix = det * I``; None if
    singular. Exact: ``matrix^-1 @ b = adj @ b / det``. Sizes 1 and 2 in closed form
    (support enumeration solves most of its systems at these sizes).

    >>> integer_adjugate([[2, 1], [1, 3]])
    (5, [[3, -1], [-1, 2]])
    """
    rows = [[int(v) for v in row] for row in matrix]
    n = len(rows)
    if n == 1:
        return (rows[0][0], [[1]]) if rows[0][0] else None
    if n == 2:
        (a, b), (c, d) = rows
        det = a * d - b * c
        return (det, [[d, -b], [-c, a]]) if det else None
    det = integer_determinant(rows)
    if det == 0:
        return None
    columns = []
    for k in range(n):
        solution = solve_integer_system(rows, [1 if i == k else 0 for i in range(n)])
        assert solution is not None  # det != 0
        columns.append(solution)
    return det, [[int(columns[j][i] * det) for j in range(n)] for i in range(n)]


def integer_determinant(rows: list[list[int]]) -> int:
    """Determinant of a square integer matrix by Bareiss elimination (exact).

    >>> integer_determinant([[2, 1], [1, 3]]), integer_determinant([[1, 2], [2, 4]])
    (5, 0)
    """
    a = [list(r) for r in rows]
    n = len(a)
    sign, previous = 1, 1
    for k in range(n - 1):
        pivot = next((i for i in range(k, n) if a[i][k] != 0), None)
        if pivot is None:
            return 0
        if pivot != k:
            a[k], a[pivot] = a[pivot], a[k]
            sign = -sign
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                a[i][j] = (a[k][k] * a[i][j] - a[i][k] * a[k][j]) // previous
        previous = a[k][k]
    return sign * a[n - 1][n - 1]
