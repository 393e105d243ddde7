"""The exact simplex against HiGHS on random small programs, and the exact bargaining
feasibility decisions it backs (no float tolerance decides "degenerate")."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from solvers.bargaining import bargain
from solvers.bargaining.convex import strict_gains
from solvers.bargaining.problem import problem_from_points
from solvers.exact import lp as exact_lp
from tests.conftest import budget

small = st.integers(-4, 4)


@settings(max_examples=budget(80))
@given(
    st.integers(1, 3).flatmap(
        lambda n: st.tuples(
            st.lists(small, min_size=n, max_size=n),
            st.lists(st.lists(small, min_size=n, max_size=n), min_size=1, max_size=4),
            st.lists(small, min_size=4, max_size=4),
        )
    )
)
def test_exact_simplex_agrees_with_highs(problem):
    c, a, b = problem
    b = b[: len(a)]
    exact = exact_lp.maximize(
        [F(v) for v in c], [[F(v) for v in row] for row in a], [F(v) for v in b]
    )
    float_result = linprog(
        -np.array(c, float), A_ub=np.array(a, float), b_ub=np.array(b, float), method="highs"
    )
    expected = {0: exact_lp.OPTIMAL, 2: exact_lp.INFEASIBLE, 3: exact_lp.UNBOUNDED}[
        float_result.status
    ]
    assert exact.status == expected
    if exact.status == exact_lp.OPTIMAL:
        assert abs(float(exact.value) + float_result.fun) <= 1e-9
        x = exact.x
        assert all(v >= 0 for v in x)  # exactly feasible
        assert all(sum(F(aij) * xj for aij, xj in zip(row, x)) <= bi for row, bi in zip(a, b))
        assert exact.value == sum(F(cj) * xj for cj, xj in zip(c, x))


def test_an_artificial_left_basic_at_zero_is_pivoted_out_before_phase_two():
    """x1 + x2 <= 2, -2 x1 - x2 + 2 x3 <= 0, -x1 + x2 + x3 <= -2: phase one ends with the
    third row's artificial basic at zero. Left in the basis, phase two would raise it and
    return (2, 0, 2), which breaks the third row; the optimum is 0 at (2, 0, 0)."""
    c = [F(0), F(-1), F(2)]
    a = [[F(1), F(1), F(0)], [F(-2), F(-1), F(2)], [F(-1), F(1), F(1)]]
    b = [F(2), F(0), F(-2)]
    result = exact_lp.maximize(c, a, b)
    assert (result.status, result.value, result.x) == (exact_lp.OPTIMAL, 0, (2, 0, 0))
    assert all(sum(aij * xj for aij, xj in zip(row, result.x)) <= bi for row, bi in zip(a, b))


def test_degenerate_cycling_program_terminates():
    """Beale's classic example cycles under the textbook rule; Bland's rule ends (value 1/20)."""
    c = [F(3, 4), F(-150), F(1, 50), F(-6)]
    a = [
        [F(1, 4), F(-60), F(-1, 25), F(9)],
        [F(1, 2), F(-90), F(-1, 50), F(3)],
        [F(0), F(0), F(1), F(0)],
    ]
    result = exact_lp.maximize(c, a, [F(0), F(0), F(1)])
    assert result.status == exact_lp.OPTIMAL and result.value == F(1, 20)


def test_a_strict_gain_of_ten_to_the_minus_fourteen_is_not_degenerate():
    """d just below the midpoint of (1, 0)-(0, 1): the midpoint gives both firms 10^-14.
    A float tolerance would call the Nash product degenerate; the exact decision does not."""
    tiny = F(1, 10**14)
    problem = problem_from_points([(1, 0), (0, 1)], (F(1, 2) - tiny, F(1, 2) - tiny))
    assert strict_gains(problem) == (True, True)
    exact = bargain(problem, "nash", method="polygon")
    assert exact.payoff == (F(1, 2), F(1, 2)) and "degenerate" not in exact.certificate
    # with gains of 10^-4 the float solvers still converge, and nothing is degenerate
    small = F(1, 10**4)
    near = problem_from_points([(1, 0), (0, 1)], (F(1, 2) - small, F(1, 2) - small))
    assert "degenerate" not in bargain(near, "nash", method="cvxpy").certificate
    exact_tie = problem_from_points([(1, 0), (0, 1)], (F(1, 2), F(1, 2)))
    assert strict_gains(exact_tie) == (False, False)
    assert "degenerate" in bargain(exact_tie, "nash", method="cvxpy").certificate
    one_sided = problem_from_points([(1, F(1, 2)), (F(1, 2), F(1, 2))], (F(1, 2), F(1, 2)))
    assert strict_gains(one_sided) == (True, False)


def test_transfers_share_the_welfare():
    """Welfare is 1 in every outcome: with d = (1/2, 1/2) no firm can gain even with
    transfers; with d = (1/4, 1/4) both can (a transfer moves the surplus)."""
    tight = problem_from_points([(1, 0), (0, 1)], (F(1, 2), F(1, 2)), transfers=True)
    assert strict_gains(tight) == (False, False)
    loose = problem_from_points([(1, 0), (1, 0)], (F(1, 4), F(1, 4)), transfers=True)
    assert strict_gains(loose) == (True, True)


def _recorded_pivots(monkeypatch, rows, basis, objective):  # type: ignore[no-untyped-def]
    """Run the simplex on a tableau and record each pivot as (leaving row, entering column)."""
    pivots = []
    pivot = exact_lp._pivot

    def record(rows, basis, r, col):  # type: ignore[no-untyped-def]
        pivots.append((r, col))
        pivot(rows, basis, r, col)

    monkeypatch.setattr(exact_lp, "_pivot", record)
    table = [[F(v) for v in row] for row in rows]
    assert exact_lp._optimize(table, basis, [F(v) for v in objective], len(objective))
    return pivots


def test_of_tied_rows_the_one_with_the_smallest_basic_variable_leaves(monkeypatch):
    """Bland's leaving rule: rows 0 and 1 tie at ratio 1; row 1's basic variable (column 1)
    has the smaller index than row 0's (column 2), so row 1 leaves, not the first row."""
    rows = [[1, 0, 1, 1],  # x0 + s2 = 1, basic: column 2
            [2, 1, 0, 2]]  # 2 x0 + s1 = 2, basic: column 1  # fmt: skip
    basis = [2, 1]
    assert _recorded_pivots(monkeypatch, rows, basis, [1, 0, 0]) == [(1, 0)]
    assert basis == [2, 0]


def test_after_a_degenerate_pivot_the_smallest_improving_column_enters(monkeypatch):
    """Dantzig's rule first (column 2, reduced cost 3), a degenerate step (ratio 0), then
    Bland's: column 0 (reduced cost 1) enters before column 1 (reduced cost 2); once the
    objective moved, Dantzig's rule again."""
    rows = [[0, 0, 1, 1, 0, 0],  # x2 + s3 = 0, basic: column 3
            [1, 1, 0, 0, 1, 1]]  # x0 + x1 + s4 = 1, basic: column 4  # fmt: skip
    basis = [3, 4]
    pivots = _recorded_pivots(monkeypatch, rows, basis, [1, 2, 3, 0, 0])
    assert [col for _, col in pivots] == [2, 0, 1]
    assert sorted(basis) == [1, 2]


def test_outside_degenerate_steps_the_largest_reduced_cost_enters(monkeypatch):
    """Dantzig's rule picks column 1 (reduced cost 3), not the last improving column 2
    (reduced cost 2); its step is degenerate, so Bland's column 0 follows, then column 2."""
    rows = [[0, 1, 0, 1, 0, 0],  # x1 + s3 = 0, basic: column 3
            [1, 1, 1, 0, 1, 1]]  # x0 + x1 + x2 + s4 = 1, basic: column 4  # fmt: skip
    basis = [3, 4]
    pivots = _recorded_pivots(monkeypatch, rows, basis, [1, 3, 2, 0, 0])
    assert [col for _, col in pivots] == [1, 0, 2]
