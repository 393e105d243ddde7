"""Exact arithmetic and geometry: rational linear algebra, exact LP, polygons, and the
rigorous float64 error bounds that say when a float verdict needs them."""

from solvers.exact.lp import maximize
from solvers.exact.rounding import float_sign, rounding_bound

__all__ = ["float_sign", "maximize", "rounding_bound"]
