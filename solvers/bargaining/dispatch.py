"""One dispatcher for bargaining solutions: ``bargain(problem, solution=..., method=...)``.

Solutions: ``nash`` (weighted by ``weights``), ``ks`` (Kalai-Smorodinsky), ``egalitarian``,
``utilitarian`` (with IR) and ``rubinstein`` (alternating offers with per-period
``discount`` factors, firm 1 proposing first). Methods: ``polygon`` (exact, ex-ante
problems; the fast path) and ``cvxpy`` (general, interim IR included); ``auto`` picks
the polygon for ex-ante problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from contracts import fraction_text, to_fraction
from contracts.numbers import NumberLike, format_number
from solvers.bargaining import convex
from solvers.bargaining import polygon as exact
from solvers.bargaining.problem import BargainingProblem
from solvers.names import BARGAINING_METHODS, BARGAINING_SOLUTIONS

SOLUTIONS = BARGAINING_SOLUTIONS
METHODS = BARGAINING_METHODS
DEFAULT_DISCOUNT = (Fraction(9, 10), Fraction(9, 10))


@dataclass(frozen=True)
class BargainingResult:
    """A bargaining solution: the lottery over outcomes, the transfer, the payoffs, and how
    it was found (method, solver status, certificate)."""

    solution: str
    method: str
    status: str
    lottery: dict[str, Any]
    transfer: Any
    payoff: tuple[Any, Any]
    disagreement: tuple[Fraction, Fraction]
    certificate: dict[str, Any]
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def exact(self) -> bool:
        return self.method == "polygon"

    def to_dict(self) -> dict[str, Any]:
        """JSON form (see README, "bargain")."""

        def number(v: Any) -> Any:
            return float(v)

        def plain(value: Any) -> Any:
            if isinstance(value, Fraction):
                return float(value)
            if isinstance(value, (tuple, list)):
                return [plain(v) for v in value]
            if isinstance(value, (np.floating, np.integer)):
                return value.item()
            return value

        out: dict[str, Any] = {
            "solution": self.solution,
            "method": self.method,
            "status": self.status,
            "lottery": {k: number(p) for k, p in self.lottery.items()},
            "transfer": number(self.transfer),
            "payoff": [number(u) for u in self.payoff],
            "disagreement": [number(u) for u in self.disagreement],
            "parameters": {k: plain(v) for k, v in self.parameters.items()},
            "certificate": {k: plain(v) for k, v in self.certificate.items()},
        }
        if self.exact:
            out["lottery_exact"] = {k: fraction_text(p) for k, p in self.lottery.items()}
            out["transfer_exact"] = fraction_text(Fraction(self.transfer))
            out["payoff_exact"] = [fraction_text(Fraction(u)) for u in self.payoff]
        return out


def _positive_pair(
    values: tuple[NumberLike, NumberLike], name: str, below_one: bool = False
) -> tuple[Fraction, Fraction]:
    pair = tuple(to_fraction(v, f"{name}[{i}]") for i, v in enumerate(values))
    for i, v in enumerate(pair):
        if v <= 0 or (below_one and v >= 1):
            rule = "in (0, 1)" if below_one else "positive"
            raise ValueError(f"{name}[{i}] = {v}: must be {rule}")
    return pair[0], pair[1]


def bargain(
    problem: BargainingProblem,
    solution: str = "nash",
    weights: tuple[NumberLike, NumberLike] = (1, 1),
    discount: tuple[NumberLike, NumberLike] | None = None,
    method: str = "auto",
) -> BargainingResult:
    """Solve ``problem`` with ``solution`` (module docstring).

    Examples
    --------
    Splitting a dollar: the symmetric Nash solution halves it.

    >>> from solvers.bargaining.problem import problem_from_points
    >>> result = bargain(problem_from_points([(1, 0), (0, 1)], (0, 0)))
    >>> result.payoff, result.lottery
    ((Fraction(1, 2), Fraction(1, 2)), {'p0#1': Fraction(1, 2), 'p1#1': Fraction(1, 2)})
    """
    if solution not in SOLUTIONS:
        raise ValueError(f"solution = {solution!r}: must be one of {', '.join(SOLUTIONS)}")
    if method not in METHODS:
        raise ValueError(f"method = {method!r}: must be one of {', '.join(METHODS)}")
    w = _positive_pair(weights, "weights")
    delta = _positive_pair(discount or DEFAULT_DISCOUNT, "discount", below_one=True)
    if method == "auto":
        method = "cvxpy" if problem.interim else "polygon"
    if method == "polygon" and problem.interim:
        raise ValueError("method = 'polygon': covers ex-ante problems; use 'cvxpy' with --interim")
    parameters: dict[str, Any] = {"transfers": problem.transfers, "interim": problem.interim}
    if problem.cap is not None:
        parameters["cap"] = problem.cap
    if solution == "nash":
        parameters["weights"] = w
    if solution == "rubinstein":
        parameters["discount"] = delta
    labels = [o.label for o in problem.outcomes]
    if method == "polygon":
        polygon = exact.rational_polygon(problem)
        if solution == "nash":
            vertex, certificate = exact.nash(problem, polygon, w)
        elif solution == "ks":
            ideal = exact.ideal_point(polygon)
            d = problem.disagreement
            vertex, certificate = exact.ray_solution(
                problem, polygon, (ideal[0] - d[0], ideal[1] - d[1])
            )
            certificate["ideal_point"] = ideal
        elif solution == "egalitarian":
            vertex, certificate = exact.ray_solution(problem, polygon, (Fraction(1), Fraction(1)))
        elif solution == "utilitarian":
            vertex, certificate = exact.utilitarian(problem, polygon)
        else:
            vertex, certificate = exact.rubinstein(problem, polygon, delta)
        lottery = {labels[k]: p for k, p in sorted(vertex.lottery.items())}
        return BargainingResult(
            solution,
            "polygon",
            "optimal",
            lottery,
            vertex.transfer,
            vertex.point,
            problem.disagreement,
            certificate,
            parameters,
        )
    gains = convex.strict_gains(problem)  # exact: a ValueError if no lottery is feasible
    if solution == "nash":
        answer = convex.convex_nash(problem, w, gains)
    elif solution == "ks":
        ideal_floats = convex.ideal_point(problem)
        floor = np.array([float(v) for v in problem.disagreement])
        answer = convex.convex_ray(problem, ideal_floats - floor, gains)
        answer["certificate"]["ideal_point"] = tuple(ideal_floats)
    elif solution == "egalitarian":
        answer = convex.convex_ray(problem, np.array([1.0, 1.0]), gains)
    elif solution == "utilitarian":
        answer = convex.convex_utilitarian(problem)
    else:
        answer = convex.convex_rubinstein(problem, delta)
    probabilities: dict[str, Any] = {
        labels[k]: float(p) for k, p in enumerate(answer["lottery"]) if p > 1e-12
    }
    payoff = answer["payoff"]
    return BargainingResult(
        solution,
        "cvxpy",
        "optimal",
        probabilities,
        answer["transfer"],
        (float(payoff[0]), float(payoff[1])),
        problem.disagreement,
        answer["certificate"],
        parameters,
    )


def rubinstein_path(
    problem: BargainingProblem, rates: tuple[NumberLike, NumberLike], periods: list[NumberLike]
) -> list[tuple[Fraction, tuple[Fraction, Fraction]]]:
    """Rubinstein agreements as the time between offers shrinks: for each period length
    ``D``, discount factors ``delta_i = 1 / (1 + r_i D)`` (so ``log delta_i ~ -r_i D``).
    Their limit is the Nash solution with weights ``(1/r1, 1/r2)`` (Binmore, Rubinstein
    and Wolinsky 1986)."""
    r = _positive_pair(rates, "rates")
    path = []
    for length in periods:
        step = to_fraction(length, "period")
        if step <= 0:
            raise ValueError(f"period = {format_number(step)}: must be positive")
        delta = (1 / (1 + r[0] * step), 1 / (1 + r[1] * step))
        result = bargain(problem, "rubinstein", discount=delta, method="polygon")
        path.append((step, result.payoff))
    return path
