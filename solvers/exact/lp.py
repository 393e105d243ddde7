"""Exact linear programming in Fractions: a dense two-phase simplex (Dantzig's rule, and
Bland's after degenerate pivots).

For the small programs whose answer decides a verdict (does some feasible lottery give
a firm a strict gain?), where a float solver's tolerance would decide ties by luck.
Problems: maximize ``c . x`` subject to ``A x <= b`` and ``x >= 0`` (``b`` of any sign).
Bland's rule (smallest index enters and leaves) on degenerate steps guarantees termination.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

OPTIMAL, INFEASIBLE, UNBOUNDED = "optimal", "infeasible", "unbounded"


@dataclass(frozen=True)
class ExactLPResult:
    """``status`` and, when optimal, the optimal ``value`` and a solution ``x``."""

    status: str
    value: Fraction | None = None
    x: tuple[Fraction, ...] | None = None


def _pivot(rows: list[list[Fraction]], basis: list[int], r: int, col: int) -> None:
    lead = rows[r][col]
    rows[r] = [v / lead for v in rows[r]]
    for i, row in enumerate(rows):
        if i != r and row[col] != 0:
            factor = row[col]
            rows[i] = [a - factor * b for a, b in zip(row, rows[r])]
    basis[r] = col


def _optimize(
    rows: list[list[Fraction]], basis: list[int], objective: list[Fraction], allowed: int
) -> bool:
    """Maximize ``objective . x`` over the tableau (last column the right-hand side) using
    columns below ``allowed``; False when unbounded.

    The entering column is the one of largest reduced cost (Dantzig), except right after a
    degenerate pivot (the objective did not move), where Bland's rule takes over until the
    objective moves again. Bland's rule cannot cycle, and a move of the objective rules out
    a return to an earlier basis, so the method ends.
    """
    m = len(rows)
    degenerate = False
    while True:
        # reduced costs: objective minus what the basis pays for each column
        paying = [(i, objective[basis[i]]) for i in range(m) if objective[basis[i]] != 0]
        reduced = [objective[j] - sum((cb * rows[i][j] for i, cb in paying), Fraction(0))
                   for j in range(allowed)]  # fmt: skip
        improving = [j for j in range(allowed) if reduced[j] > 0]
        if not improving:
            return True
        entering = improving[0] if degenerate else max(improving, key=lambda j: reduced[j])
        candidates = [i for i in range(m) if rows[i][entering] > 0]
        if not candidates:
            return False
        ratio = min(rows[i][-1] / rows[i][entering] for i in candidates)
        leaving = min(
            (i for i in candidates if rows[i][-1] / rows[i][entering] == ratio),
            key=lambda i: basis[i],
        )
        degenerate = ratio == 0
        _pivot(rows, basis, leaving, entering)


def maximize(
    c: Sequence[Fraction], a: Sequence[Sequence[Fraction]], b: Sequence[Fraction]
) -> ExactLPResult:
    """Maximize ``c . x`` subject to ``a x <= b``, ``x >= 0``, exactly.

    >>> F = Fraction
    >>> maximize([F(1), F(1)], [[F(1), F(2)], [F(3), F(1)]], [F(4), F(6)]).value
    Fraction(14, 5)
    >>> maximize([F(1)], [[F(-1)]], [F(-2)]).x   # x >= 2: unbounded above
    >>> maximize([F(1)], [[F(-1)]], [F(-2)]).status
    'unbounded'
    >>> maximize([F(1)], [[F(1)], [F(-1)]], [F(1), F(-2)]).status   # x <= 1 and x >= 2
    'infeasible'
    """
    m, n = len(a), len(c)
    # columns: x (n), slacks (m), artificials (one per row with b < 0); last: rhs
    negative = [i for i in range(m) if b[i] < 0]
    width = n + m + len(negative)
    rows: list[list[Fraction]] = []
    basis: list[int] = []
    for i in range(m):
        sign = -1 if b[i] < 0 else 1
        row = [Fraction(sign) * Fraction(v) for v in a[i]] + [Fraction(0)] * (m + len(negative))
        row[n + i] = Fraction(sign)
        if b[i] < 0:
            k = negative.index(i)
            row[n + m + k] = Fraction(1)
            basis.append(n + m + k)
        else:
            basis.append(n + i)
        rows.append(row + [Fraction(sign) * Fraction(b[i])])
    if negative:  # phase one: drive the artificials to zero
        phase_one = [Fraction(0)] * (n + m) + [Fraction(-1)] * len(negative)
        _optimize(rows, basis, phase_one, width)
        if any(rows[i][-1] != 0 for i in range(m) if basis[i] >= n + m):
            return ExactLPResult(INFEASIBLE)
        for i in range(m):  # pivot any artificial left in the basis (at zero) out of it
            if basis[i] >= n + m:
                col = next((j for j in range(n + m) if rows[i][j] != 0), None)
                if col is not None:
                    _pivot(rows, basis, i, col)
    objective = [Fraction(v) for v in c] + [Fraction(0)] * (m + len(negative))
    if not _optimize(rows, basis, objective, n + m):
        return ExactLPResult(UNBOUNDED)
    x = [Fraction(0)] * width
    for i, var in enumerate(basis):
        x[var] = rows[i][-1]
    solution = tuple(x[:n])
    value = sum((Fraction(cj) * xj for cj, xj in zip(c, solution)), Fraction(0))
    return ExactLPResult(OPTIMAL, value, solution)
