"""The equilibrium finders (MODEL.md section 4) and the one dispatcher over them."""

from typing import TYPE_CHECKING

from solvers.external import lazy_exports

if TYPE_CHECKING:
    from solvers.equilibria.dispatch import METHODS, check_method, pure_equilibria, solve_equilibria
    from solvers.equilibria.equilibrium_set import Equilibrium, EquilibriumSet
    from solvers.equilibria.pure import component_pure_equilibria, plain_enumeration
else:  # each name is imported from its module on first use
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "solvers.equilibria.dispatch": (
                "METHODS",
                "check_method",
                "pure_equilibria",
                "solve_equilibria",
            ),
            "solvers.equilibria.equilibrium_set": (
                "Equilibrium",
                "EquilibriumSet",
            ),
            "solvers.equilibria.pure": (
                "component_pure_equilibria",
                "plain_enumeration",
            ),
        },
    )

__all__ = [
    "METHODS",
    "Equilibrium",
    "EquilibriumSet",
    "check_method",
    "component_pure_equilibria",
    "plain_enumeration",
    "pure_equilibria",
    "solve_equilibria",
]
