"""One mixed equilibrium of a component by Lemke's complementary pivoting method.

The behavioural form is the linear complementarity problem (LCP) ``w = q + M z``,
``w, z >= 0``, ``w . z = 0`` in ``z = (p1, p2, v1, v2)``: for each cell, ``p`` is its
probability of action 1 and ``v`` its surplus over action 0, with

    w_p1 = v1 - g1(p2) >= 0  complementary to p1,   w_v1 = 1 - p1 >= 0  complementary to v1

(and the same for firm 2), where ``g_f = base_f - weight_f @ p_other`` is the twice-gain
of solvers.game. A solution is exactly an equilibrium: ``p > 0`` forces ``g >= 0`` and
``p < 1`` forces ``v = 0`` hence ``g <= 0``.

Lemke's method follows the almost-complementary path of ``LCP(q + d z0, M)`` from large
``z0`` down to ``z0 = 0``. With the covering vector ``d = K`` on the ``w_p`` rows and
``1`` on the ``w_v`` rows, where ``K`` exceeds every row's absolute weight sum, the
solution is unique (all zero) for large ``z0`` and every solution set at fixed ``z0`` is
bounded, so the path cannot end in a secondary ray: the method always stops at an
equilibrium. Degenerate pivots are resolved by the lexicographic rule, so it never
cycles. Arithmetic is exact: the tableau holds integers over one common denominator
(fraction-free pivoting, every division exact), and the solution is returned in Fractions.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import lcm

from solvers.equilibria.mixed import MixedProfile, integer_coefficients
from solvers.errors import SolverFailure
from solvers.game import BayesianGame


class RayTermination(SolverFailure):
    """Lemke's method left along a secondary ray (cannot happen for game LCPs built here)."""


def lemke(
    matrix: Sequence[Sequence[Fraction | int]],
    q: Sequence[Fraction | int],
    covering: Sequence[Fraction | int],
    max_pivots: int = 100_000,
) -> tuple[list[Fraction], int]:
    """Solve ``w = q + M z, w, z >= 0, w.z = 0`` by Lemke's method; returns ``(z, pivots)``.

    >>> F = Fraction
    >>> lemke([[F(2), F(1)], [F(1), F(2)]], [F(-5), F(-6)], [F(1), F(1)])
    ([Fraction(4, 3), Fraction(7, 3)], 3)
    """
    n = len(q)
    if all(v >= 0 for v in q):
        return [Fraction(0)] * n, 0
    # w' = scale w turns the data into integers (same z, same pivots: every ratio the
    # lexicographic rule compares scales alike)
    scale = lcm(*(Fraction(v).denominator for row in matrix for v in row),
                *(Fraction(v).denominator for v in (*q, *covering)))  # fmt: skip
    # tableau rows: [B^-1 (columns of w) | columns of z | column of z0 | rhs], integers over
    # the common positive denominator `den` (fraction-free pivoting: every division exact)
    z0 = 2 * n
    rhs = 2 * n + 1
    rows = []
    for i in range(n):
        row = [0] * (2 * n + 2)
        row[i] = 1
        for j in range(n):
            row[n + j] = -int(Fraction(matrix[i][j]) * scale)
        row[z0] = -int(Fraction(covering[i]) * scale)
        row[rhs] = int(Fraction(q[i]) * scale)
        rows.append(row)
    den = 1
    basis = list(range(n))  # variable index per row: 0..n-1 = w, n..2n-1 = z, 2n = z0

    def pivot(r: int, col: int) -> None:
        nonlocal den
        lead = rows[r][col]
        for i in range(n):
            if i != r:
                factor = rows[i][col]
                rows[i] = [(a * lead - factor * b) // den for a, b in zip(rows[i], rows[r])]
        den = lead
        if den < 0:  # keep the denominator positive: signs of entries are signs of values
            den = -den
            for i in range(n):
                rows[i] = [-v for v in rows[i]]
        basis[r] = col

    def before(i: int, j: int, col: int) -> int:
        """Compare rows i and j by the lexicographic ratio (rhs, then the B^-1 columns,
        each over the entering column): the common denominator cancels."""
        a, b = rows[i][col], rows[j][col]
        for k in (rhs, *range(n)):
            left, right = rows[i][k] * b, rows[j][k] * a
            if left != right:
                return -1 if left < right else 1
        return 0

    def leaving_row(col: int) -> int:
        # a row reads x_B + a * t = rhs: basic variables with a > 0 fall as the entering
        # variable t rises; the lexicographic minimum ratio picks one (no cycling).
        candidates = [i for i in range(n) if rows[i][col] > 0]
        if not candidates:
            raise RayTermination("Lemke's method ended in a secondary ray")
        best = candidates[0]
        for i in candidates[1:]:
            if before(i, best, col) < 0:
                best = i
        return best

    # first pivot: z0 enters at the level that makes every w nonnegative
    r = max(
        range(n),
        key=lambda i: (
            -Fraction(q[i]) / Fraction(covering[i]),
            tuple(-rows[i][k] for k in range(n)),
        ),
    )
    pivot(r, z0)
    entering = r + n  # complement of the leaving w_r is z_r
    pivots = 1
    while pivots < max_pivots:
        r = leaving_row(entering)
        leaving = basis[r]
        pivot(r, entering)
        pivots += 1
        if leaving == z0:
            z = [Fraction(0)] * n
            for i, var in enumerate(basis):
                if n <= var < 2 * n:
                    z[var - n] = Fraction(rows[i][rhs], den)
            return z, pivots
        entering = leaving + n if leaving < n else leaving - n
    raise RayTermination(f"Lemke's method did not stop within {max_pivots} pivots")


def game_lcp(game: BayesianGame) -> tuple[list[list[int]], list[int], list[int]]:
    """``(M, q, d)`` of the behavioural LCP of a game (module docstring), in the integer
    scale of the gain coefficients."""
    n1, n2 = game.sizes
    coefficients = [integer_coefficients(side) for side in game.sides]
    base = [c[0] for c in coefficients]
    weight = [c[1] for c in coefficients]
    n = n1 + n2
    size = 2 * n
    matrix = [[0] * size for _ in range(size)]
    q = [0] * size
    offsets = (0, n1)
    for f, n_f in enumerate((n1, n2)):
        other_offset = offsets[1 - f]
        for c in range(n_f):
            row = offsets[f] + c
            # w_p = v - base + weight @ p_other
            for j, w in enumerate(weight[f][c]):
                matrix[row][other_offset + j] = w
            matrix[row][n + row] = 1
            q[row] = -base[f][c]
            # w_v = 1 - p
            matrix[n + row][row] = -1
            q[n + row] = 1
    bound = max((sum(abs(w) for w in row) for side in weight for row in side), default=0)
    covering = [bound + 1] * n + [1] * n
    return matrix, q, covering


def lemke_equilibrium(game: BayesianGame) -> tuple[MixedProfile, int]:
    """One equilibrium of a component (possibly mixed) and the number of pivots."""
    n1, n2 = game.sizes
    matrix, q, covering = game_lcp(game)
    z, pivots = lemke(matrix, q, covering)
    return (tuple(z[:n1]), tuple(z[n1 : n1 + n2])), pivots
