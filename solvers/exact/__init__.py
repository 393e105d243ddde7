"""Exact arithmetic and geometry: rational linear algebra, exact LP, polygons, and the
rigorous float64 error bounds that say when a float verdict needs them."""

from typing import TYPE_CHECKING

from solvers.external import lazy_exports

if TYPE_CHECKING:
    from solvers.exact.lp import maximize
    from solvers.exact.rounding import float_sign, rounding_bound
else:  # each name is imported from its module on first use
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "solvers.exact.lp": ("maximize",),
            "solvers.exact.rounding": (
                "float_sign",
                "rounding_bound",
            ),
        },
    )

__all__ = ["float_sign", "maximize", "rounding_bound"]
