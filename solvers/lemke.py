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
cycles. Arithmetic is exact (Fractions).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from solvers.errors import SolverFailure
from solvers.game import BayesianGame
from solvers.mixed import MixedProfile


class RayTermination(SolverFailure):
    """Lemke's method left along a secondary ray (cannot happen for game LCPs built here)."""


def lemke(
    matrix: Sequence[Sequence[Fraction]],
    q: Sequence[Fraction],
    covering: Sequence[Fraction],
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
    # tableau rows: [B^-1 (columns of w) | columns of z | column of z0 | rhs]
    z0 = 2 * n
    rhs = 2 * n + 1
    rows = []
    for i in range(n):
        row = [Fraction(0)] * (2 * n + 2)
        row[i] = Fraction(1)
        for j in range(n):
            row[n + j] = -Fraction(matrix[i][j])
        row[z0] = -Fraction(covering[i])
        row[rhs] = Fraction(q[i])
        rows.append(row)
    basis = list(range(n))  # variable index per row: 0..n-1 = w, n..2n-1 = z, 2n = z0

    def pivot(r: int, col: int) -> None:
        lead = rows[r][col]
        rows[r] = [v / lead for v in rows[r]]
        for i in range(n):
            if i != r and rows[i][col] != 0:
                factor = rows[i][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r])]
        basis[r] = col

    def leaving_row(col: int) -> int:
        # a row reads x_B + a * t = rhs: basic variables with a > 0 fall as the entering
        # variable t rises; the lexicographic minimum ratio picks one (no cycling).
        candidates = [i for i in range(n) if rows[i][col] > 0]
        if not candidates:
            raise RayTermination("Lemke's method ended in a secondary ray")

        def key(i: int) -> tuple[Fraction, ...]:
            scale = rows[i][col]
            return (rows[i][rhs] / scale,) + tuple(rows[i][k] / scale for k in range(n))

        return min(candidates, key=key)

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
                    z[var - n] = rows[i][rhs]
            return z, pivots
        entering = leaving + n if leaving < n else leaving - n
    raise RayTermination(f"Lemke's method did not stop within {max_pivots} pivots")


def game_lcp(game: BayesianGame) -> tuple[list[list[Fraction]], list[Fraction], list[Fraction]]:
    """``(M, q, d)`` of the behavioural LCP of a game (module docstring)."""
    n1, n2 = game.sizes
    base = [[Fraction(int(v)) for v in side.base] for side in game.sides]
    weight = [[[Fraction(int(v)) for v in row] for row in side.weight] for side in game.sides]
    n = n1 + n2
    size = 2 * n
    matrix = [[Fraction(0)] * size for _ in range(size)]
    q = [Fraction(0)] * size
    offsets = (0, n1)
    for f, n_f in enumerate((n1, n2)):
        other_offset = offsets[1 - f]
        for c in range(n_f):
            row = offsets[f] + c
            # w_p = v - base + weight @ p_other
            for j, w in enumerate(weight[f][c]):
                matrix[row][other_offset + j] = w
            matrix[row][n + row] = Fraction(1)
            q[row] = -base[f][c]
            # w_v = 1 - p
            matrix[n + row][row] = Fraction(-1)
            q[n + row] = Fraction(1)
    bound = max((sum(abs(w) for w in row) for side in weight for row in side), default=Fraction(0))
    k = Fraction(bound) + 1
    covering = [k] * n + [Fraction(1)] * n
    return matrix, q, covering


def lemke_equilibrium(game: BayesianGame) -> tuple[MixedProfile, int]:
    """One equilibrium of a component (possibly mixed) and the number of pivots."""
    n1, n2 = game.sizes
    matrix, q, covering = game_lcp(game)
    z, pivots = lemke(matrix, q, covering)
    return (tuple(z[:n1]), tuple(z[n1 : n1 + n2])), pivots
