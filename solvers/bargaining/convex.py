"""Bargaining solutions as convex programs (cvxpy): the general case, interim IR included.

Variables: the lottery ``lam >= 0`` over outcomes with ``sum(lam) = 1`` and, with
transfers, ``tau`` (``|tau| <= cap``). Payoffs ``u = P^T lam + (tau, -tau)`` are linear.
Individual rationality is ``u >= d`` (ex-ante) or, in interim mode, one constraint per
training observation of positive probability. All constraints are kept in the matrix
form ``A_ub z <= b_ub``, ``A_eq z = b_eq`` (``z = (lam, tau)``) so that the KKT
conditions can be checked from the solver's dual values:

* Nash: maximize ``w1 log(u1 - d1) + w2 log(u2 - d2)`` (exponential cone; Clarabel,
  SCS as fallback);
* Kalai-Smorodinsky, egalitarian, utilitarian: linear programs (HiGHS), each followed by
  a second stage that keeps the first stage's value and makes the point Pareto
  efficient;
* Rubinstein: the responder-indifference equation solved by bisection, the frontier
  ``phi(g1)`` evaluated by linear programs.

A solve that is infeasible, unbounded or inaccurate raises a ValueError naming the status.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from solvers.bargaining.problem import BargainingProblem
from solvers.errors import SolverFailure
from solvers.exact import lp as exact_lp
from solvers.external import LazyModule, solver_output_silenced

if TYPE_CHECKING:
    import cvxpy as cp
else:
    cp = LazyModule("cvxpy")

#: Relative slack allowed when a second stage keeps a first stage's optimal value.
STAGE_TOLERANCE = 1e-9
#: Tight tolerances: the Nash point sits on a flat optimum, where the default ones leave
#: errors near 1e-6 in the payoffs.
SOLVER_OPTIONS: dict[str, dict[str, Any]] = {
    "CLARABEL": {
        "tol_gap_abs": 1e-12,
        "tol_gap_rel": 1e-12,
        "tol_feas": 1e-12,
        "tol_ktratio": 1e-10,
        "max_iter": 500,
    },
    "SCS": {"eps_abs": 1e-10, "eps_rel": 1e-10, "max_iters": 200_000},
}
#: Tolerances tried last, when no solver reached "optimal" at the tight ones: Clarabel
#: 0.11 reports "optimal_inaccurate" at 1e-12 on Nash problems it solves at 1e-10, where
#: SCS can run out of iterations (the certificate reports the residuals either way).
RETRY_OPTIONS: dict[str, dict[str, Any]] = {
    "CLARABEL": {"tol_gap_abs": 1e-10, "tol_gap_rel": 1e-10, "tol_feas": 1e-10},
}


@dataclass(frozen=True)
class LinearForm:
    """``u = payoff @ z`` and the constraints ``a_ub z <= b_ub``, ``a_eq z = b_eq``."""

    payoff: np.ndarray  # (2, n)
    a_ub: np.ndarray
    b_ub: np.ndarray
    a_eq: np.ndarray
    b_eq: np.ndarray
    n_outcomes: int


def linear_form(problem: BargainingProblem, ir: bool = True, exact: bool = False) -> LinearForm:
    """The problem's constraints in matrix form (module docstring), built once in
    Fractions: object arrays with ``exact``, float64 arrays for the convex solvers."""
    zero, one = Fraction(0), Fraction(1)
    k = len(problem.outcomes)
    n = k + (1 if problem.transfers else 0)

    def unit(j: int, value: Fraction) -> np.ndarray:
        row = np.full(n, zero, dtype=object)
        row[j] = value
        return row

    payoff = np.full((2, n), zero, dtype=object)
    payoff[0, :k] = [o.payoff[0] for o in problem.outcomes]
    payoff[1, :k] = [o.payoff[1] for o in problem.outcomes]
    rows: list[np.ndarray] = [unit(j, -one) for j in range(k)]  # lam >= 0
    rhs: list[Fraction] = [zero] * k
    if problem.transfers:
        payoff[:, k] = (one, -one)  # tau: paid by firm 2 to firm 1
        if problem.cap is not None:
            rows += [unit(k, one), unit(k, -one)]
            rhs += [problem.cap, problem.cap]
    if ir:
        for f in (0, 1):
            if problem.interim:
                for i, floor in enumerate(problem.disagreement_interim[f]):
                    row = np.full(n, zero, dtype=object)
                    row[:k] = [-o.interim[f][i] for o in problem.outcomes]
                    if problem.transfers:
                        row[k] = -payoff[f, k]
                    rows.append(row)
                    rhs.append(-floor)
            else:
                rows.append(-payoff[f])
                rhs.append(-problem.disagreement[f])
    a_eq = np.full((1, n), zero, dtype=object)
    a_eq[0, :k] = one
    arrays: list[np.ndarray] = [
        payoff,
        np.array(rows, dtype=object),
        np.array(rhs, dtype=object),
        a_eq,
    ]
    if not exact:
        arrays = [np.asarray(a, dtype=float) for a in arrays]
    b_eq = np.array([one], dtype=object) if exact else np.array([1.0])
    return LinearForm(arrays[0], arrays[1], arrays[2], arrays[3], b_eq, k)


def augmented(form: LinearForm, rows: np.ndarray, rhs: np.ndarray) -> LinearForm:
    """``form`` with the extra constraints ``rows @ z <= rhs``."""
    return LinearForm(
        form.payoff,
        np.vstack([form.a_ub, rows]),
        np.concatenate([form.b_ub, rhs]),
        form.a_eq,
        form.b_eq,
        form.n_outcomes,
    )


def at_least(form: LinearForm, weights: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Rows saying ``weights . u >= level`` (weights a vector over the two firms)."""
    return -(weights @ form.payoff)[None, :], np.array([-level])


def _maximize(
    form: LinearForm, direction: np.ndarray, solvers: tuple[str, ...] = ("HIGHS", "CLARABEL")
) -> tuple[np.ndarray, dict[str, Any], float]:
    """max ``direction . u`` over the form; the answer, its KKT certificate and value."""
    z = cp.Variable(form.a_ub.shape[1])
    objective = cp.Maximize((direction @ form.payoff) @ z)
    solved, constraints = _solve(objective, z, form, list(solvers))
    value = np.asarray(z.value, dtype=float)
    gradient = direction @ form.payoff
    return (
        value,
        _certificate(form, value, gradient, constraints, solved.solver_stats.solver_name),
        float(solved.value),
    )


def _solve(
    objective: Any,
    z: cp.Variable,
    form: LinearForm,
    solvers: list[str],
    extra: list[Any] | None = None,
) -> tuple[cp.Problem, list[Any]]:
    constraints = [form.a_ub @ z <= form.b_ub, form.a_eq @ z == form.b_eq] + (extra or [])
    problem = cp.Problem(objective, constraints)
    last_error = None
    attempts = [(solver, SOLVER_OPTIONS.get(solver.upper(), {})) for solver in solvers]
    attempts += [  # the last resort, after every solver at its tight tolerances
        (solver, {**options, **RETRY_OPTIONS[solver.upper()]})
        for solver, options in attempts
        if solver.upper() in RETRY_OPTIONS
    ]
    for solver, options in attempts:
        try:
            with solver_output_silenced(), warnings.catch_warnings():
                # the status is checked below; cvxpy's own evaluation of log at an
                # intermediate iterate may warn
                warnings.simplefilter("ignore", UserWarning)
                warnings.simplefilter("ignore", RuntimeWarning)
                problem.solve(solver=solver, **options)
        except cp.error.SolverError as error:  # pragma: no cover - depends on the install
            last_error = error
            continue
        if problem.status == cp.OPTIMAL:
            return problem, constraints
        last_error = None
    # feasibility was decided exactly before (strict_gains): a float "infeasible" is the
    # solver's failure near a tight constraint, not the problem's
    status = problem.status if last_error is None else f"solver error: {last_error}"
    raise SolverFailure(f"bargaining: the convex program ended with status {status!r}")


def _certificate(
    form: LinearForm, z: np.ndarray, gradient: np.ndarray, constraints: list[Any], solver: str
) -> dict[str, Any]:
    """KKT residuals of ``max f(z)`` over the linear constraints at the solver's answer."""
    mu = np.atleast_1d(np.asarray(constraints[0].dual_value, dtype=float))
    nu = np.atleast_1d(np.asarray(constraints[1].dual_value, dtype=float))
    slack = form.b_ub - form.a_ub @ z
    stationarity = gradient - form.a_ub.T @ mu - form.a_eq.T @ nu
    return {
        "solver": solver,
        "primal_infeasibility": float(
            max(0.0, -slack.min(initial=0.0), np.abs(form.a_eq @ z - form.b_eq).max())
        ),
        "stationarity_residual": float(np.abs(stationarity).max()),
        "complementarity_residual": float(np.abs(mu * slack).max(initial=0.0)),
        "dual_infeasibility": float(max(0.0, -mu.min(initial=0.0))),
    }


def _answer(form: LinearForm, z: np.ndarray, certificate: dict[str, Any]) -> dict[str, Any]:
    lam = np.clip(z[: form.n_outcomes], 0.0, None)
    lam = lam / lam.sum()
    tau = float(z[form.n_outcomes]) if z.shape[0] > form.n_outcomes else 0.0
    return {"lottery": lam, "transfer": tau, "payoff": form.payoff @ z, "certificate": certificate}


def _scalar(value: Any) -> float:
    """A solved cvxpy scalar variable's value as a float."""
    if value is None:  # pragma: no cover - _solve raises before this
        raise ValueError("bargaining: the solver returned no value")
    return float(value)


def _keep(level: float) -> float:
    return level - STAGE_TOLERANCE * max(1.0, abs(level))


def strict_gains(problem: BargainingProblem) -> tuple[bool, bool]:
    """For each firm, whether some feasible lottery (transfer included) gives it a strict
    gain over the disagreement point, decided exactly (solvers.exact.lp) on the same
    constraints as the convex programs (:func:`linear_form`). Some lottery gives both a
    strict gain iff both are True (mix the two). A ValueError when no lottery satisfies
    the constraints."""
    form = linear_form(problem, exact=True)
    k = form.n_outcomes

    def nonnegative(rows: np.ndarray) -> list[list[Fraction]]:
        """Rows over variables >= 0: a free transfer tau becomes tau+ - tau-."""
        out = [list(row) for row in rows]
        return [row + [-row[k]] for row in out] if problem.transfers else out

    equality = nonnegative(form.a_eq)
    # the first k rows of a_ub are lam >= 0, which the exact LP imposes on every variable:
    # left out, the tableau has a handful of rows instead of k more (k outcomes)
    a = nonnegative(form.a_ub[k:]) + equality + [[-v for v in row] for row in equality]
    b = list(form.b_ub[k:]) + list(form.b_eq) + [-v for v in form.b_eq]
    gains = []
    for f in (0, 1):
        result = exact_lp.maximize(nonnegative(form.payoff[f : f + 1])[0], a, b)
        if result.status == exact_lp.INFEASIBLE:
            raise ValueError(
                "bargaining problem: no lottery satisfies the constraints (individual "
                "rationality, the transfer cap)"
            )
        best = result.value
        gains.append(
            result.status == exact_lp.UNBOUNDED
            or (best is not None and best > problem.disagreement[f])
        )
    return gains[0], gains[1]


def convex_nash(
    problem: BargainingProblem,
    weights: tuple[Fraction, Fraction],
    gains: tuple[bool, bool] | None = None,
) -> dict[str, Any]:
    """Weighted Nash: maximize ``w1 log(u1 - d1) + w2 log(u2 - d2)`` (exponential cone).
    Whether some lottery gives both firms a strict gain is decided exactly first
    (``gains``: :func:`strict_gains` when the caller has it already)."""
    form = linear_form(problem)
    d = np.array([float(v) for v in problem.disagreement])
    w = np.array([float(v) for v in weights])
    if not all(strict_gains(problem) if gains is None else gains):
        answer = convex_utilitarian(problem)
        answer["certificate"]["degenerate"] = "no feasible point gives both firms a strict gain"
        return answer
    z = cp.Variable(form.a_ub.shape[1])
    u = form.payoff @ z
    objective = cp.Maximize(w[0] * cp.log(u[0] - d[0]) + w[1] * cp.log(u[1] - d[1]))
    solved, constraints = _solve(objective, z, form, ["CLARABEL", "SCS"])
    value = np.asarray(z.value, dtype=float)
    gradient = (w / (form.payoff @ value - d)) @ form.payoff
    return _answer(
        form,
        value,
        _certificate(form, value, gradient, constraints, solved.solver_stats.solver_name),
    )


def ideal_point(problem: BargainingProblem) -> np.ndarray:
    """Each firm's best individually rational payoff (two linear programs)."""
    form = linear_form(problem)
    return np.array([_maximize(form, np.eye(2)[f])[2] for f in (0, 1)])


def convex_ray(
    problem: BargainingProblem, direction: np.ndarray, gains: tuple[bool, bool] | None = None
) -> dict[str, Any]:
    """Largest ``t`` with ``u >= d + t direction`` (an LP), then the Pareto-efficient point
    dominating it (Kalai-Smorodinsky: towards the ideal point; egalitarian: (1, 1));
    ``gains`` as in :func:`convex_nash`."""
    form = linear_form(problem)
    d = np.array([float(v) for v in problem.disagreement])
    if not any(strict_gains(problem) if gains is None else gains):  # exact: the ideal point is d
        answer = convex_utilitarian(problem)  # nothing to share
        answer["certificate"]["degenerate"] = "the ideal point is the disagreement point"
        return answer
    z = cp.Variable(form.a_ub.shape[1])
    t = cp.Variable()
    u = form.payoff @ z
    _solve(cp.Maximize(t), z, form, ["HIGHS", "CLARABEL"], [u >= d + t * direction])
    floor = d + _keep(_scalar(t.value)) * direction
    final = form
    for f in (0, 1):
        final = augmented(final, *at_least(form, np.eye(2)[f], float(floor[f])))
    value, certificate, _ = _maximize(final, np.array([1.0, 1.0]))
    return _answer(form, value, certificate)


def convex_utilitarian(problem: BargainingProblem) -> dict[str, Any]:
    """Largest ``u1 + u2``, then the most equal gains among the maximizers."""
    form = linear_form(problem)
    d = np.array([float(v) for v in problem.disagreement])
    _, _, best = _maximize(form, np.array([1.0, 1.0]))
    kept = augmented(form, *at_least(form, np.array([1.0, 1.0]), _keep(best)))
    z = cp.Variable(form.a_ub.shape[1])
    m = cp.Variable()
    _solve(cp.Maximize(m), z, kept, ["HIGHS", "CLARABEL"], [form.payoff @ z - d >= m])
    final = kept
    for f in (0, 1):
        final = augmented(final, *at_least(form, np.eye(2)[f], d[f] + _keep(_scalar(m.value))))
    value, certificate, _ = _maximize(final, np.array([1.0, 1.0]))
    return _answer(form, value, certificate)


def frontier_value(problem: BargainingProblem, gain1: float) -> float:
    """Firm 2's best payoff given firm 1 gets at least ``d1 + gain1`` (a linear program)."""
    form = linear_form(problem)
    floor = float(problem.disagreement[0]) + gain1
    return _maximize(augmented(form, *at_least(form, np.eye(2)[0], floor)), np.eye(2)[1])[2]


def convex_rubinstein(
    problem: BargainingProblem, discount: tuple[Fraction, Fraction], tolerance: float = 1e-10
) -> dict[str, Any]:
    """Rubinstein's stationary agreement by bisection on ``phi(g) - delta2 phi(delta1 g)``."""
    d1, d2 = (float(v) for v in problem.disagreement)
    delta1, delta2 = (float(v) for v in discount)
    top = ideal_point(problem)[0] - d1

    def phi(g: float) -> float:
        return frontier_value(problem, max(g, 0.0)) - d2

    def excess(g: float) -> float:
        return phi(g) - delta2 * phi(delta1 * g)

    if excess(top) >= 0:
        g = top
    else:
        low, high = 0.0, top
        while high - low > tolerance * max(1.0, top):
            mid = (low + high) / 2
            if excess(mid) >= 0:
                low = mid
            else:
                high = mid
        g = low
    form = linear_form(problem)
    final = augmented(form, *at_least(form, np.eye(2)[0], d1 + g))
    value, certificate, _ = _maximize(final, np.eye(2)[1])
    certificate["responder_indifference_residual"] = abs(excess(g)) if g < top else 0.0
    certificate["bisection_tolerance"] = tolerance
    return _answer(form, value, certificate)
