"""Rigorous bounds on float64 rounding error: when a float verdict is safe, and when not.

The float path computes gains and payoffs as sums of products of numbers that are exact
Fractions converted to float64. In the standard model of floating-point arithmetic
every operation returns ``fl(x op y) = (x op y)(1 + d) + e`` with ``|d| <= u = 2^-53`` and
``|e| <= 2^-1075`` (the second term covers underflow), and a conversion of an exact
number rounds the same way. A value obtained from exact terms by at most ``k``
operations along any path (conversions, products with numbers in [0, 1], additions)
then differs from its exact value by at most

    gamma_k * M + k * 2^-1074,   gamma_k = k u / (1 - k u),

where ``M`` is the same computation with every term replaced by its absolute value (the
*magnitude*). The bound depends on the size of the terms that were summed, not on the
size of the result, so a tiny payoff left by cancellation among large terms gets the
large error bound it deserves. :func:`rounding_bound` returns twice this (covering
the rounding of ``M`` itself and of the comparison's own arithmetic); a float
comparison whose margin exceeds the bounds of both sides is decided by the floats, any
other is re-decided in exact arithmetic.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Unit roundoff of float64 (round to nearest).
UNIT_ROUNDOFF = 2.0**-53
#: Largest absolute error of one operation that underflows (half the smallest subnormal).
UNDERFLOW_ERROR = 2.0**-1074


def rounding_bound(magnitude: Any, operations: int) -> Any:
    """Twice the worst-case rounding error of a value computed by at most ``operations``
    float64 operations along any path from exact terms whose absolute values, run through
    the same computation, give ``magnitude`` (scalar or array).

    >>> bool(rounding_bound(1.0, 10) > 10 * 2.0**-53)
    True
    >>> bool(rounding_bound(0.0, 3) > 0)  # underflow is covered even for tiny values
    True
    """
    k = operations + 1
    if k * UNIT_ROUNDOFF >= 0.5:
        raise ValueError(f"operations = {operations}: too many for a float64 error bound")
    gamma = k * UNIT_ROUNDOFF / (1 - k * UNIT_ROUNDOFF)
    return 2 * (gamma * np.asarray(magnitude, dtype=float) + k * UNDERFLOW_ERROR)


def float_sign(value: Any, bound: Any) -> Any:
    """Sign of a float value whose error is at most ``bound``: -1, 1, or 0 when the sign
    cannot be told from the float (the caller decides those exactly).

    >>> float_sign(np.array([1.0, -1.0, 1e-20]), 1e-16).tolist()
    [1, -1, 0]
    """
    value = np.asarray(value, dtype=float)
    return np.where(value > bound, 1, np.where(value < -bound, -1, 0)).astype(np.int8)
