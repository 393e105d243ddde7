"""Claim parameters to environments: the correlation setting's points of the claims'
regions (MODEL.md section 5), shared by the paper's claims and the consumer claims.

Conventions: ``b`` places beta in (1/2, alpha) as ``1/2 + b (alpha - 1/2)``; ``u1..uK``
place each world's rho in its feasible range ``[max(0, a + b - 1), min(a, b)]``; ``w``
(two worlds) or ``v1, v2`` (three) give the priors; ``R`` and ``C`` are R1 and C1.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from contracts import Environment, correlation
from contracts.settings import correlation_bounds
from proofs.regions import Box, Point

F = Fraction
HALF = F(1, 2)


def _beta(point: Point) -> Fraction:
    """beta from ``b`` (its place in (1/2, alpha)), or given, or equal to alpha."""
    if "b" in point:
        return HALF + point["b"] * (point["alpha"] - HALF)
    return point.get("beta", point["alpha"])


def _rho(alpha: Fraction, beta: Fraction, u: Fraction) -> Fraction:
    low, high = correlation_bounds(alpha, beta)
    return low + u * (high - low)


def _priors(point: Point, k: int) -> list[Fraction]:
    if k == 1:
        return [F(1)]
    if k == 2:
        return [point["w"], 1 - point["w"]]
    v1, v2 = point["v1"], point["v2"]
    return [v1, (1 - v1) * v2, (1 - v1) * (1 - v2)]


def correlation_point(k: int) -> Callable[[Point], Environment]:
    """Correlation setting with k worlds: keys alpha, b (or beta), u1..uk, priors, R, C."""

    def build(point: Point) -> Environment:
        alpha, beta = point["alpha"], _beta(point)
        rhos = [_rho(alpha, beta, point[f"u{i + 1}"]) for i in range(k)]
        reward = point.get("R", F(1))
        cost = point.get("C", reward)
        return correlation(alpha, beta, list(zip(rhos, _priors(point, k))), reward, cost)

    return build


def _correlation_box(
    k: int,
    fixed: dict[str, object] | None = None,
    equal: bool = False,
    **extra: tuple[object, object],
) -> Box:
    """alpha in (1/2, 1), beta below it (or equal to it), k worlds' rho and priors."""
    intervals: dict[str, tuple[object, object]] = {"alpha": ("1/2", "1")}
    if not equal:
        intervals["b"] = ("0", "1")
    intervals.update({f"u{i + 1}": ("0", "1") for i in range(k)})
    if k == 2:
        intervals["w"] = ("0", "1")
    if k == 3:
        intervals.update(v1=("0", "1"), v2=("0", "1"))
    intervals.update(extra)
    return Box.of({**(fixed or {}), "K": k}, **intervals)
