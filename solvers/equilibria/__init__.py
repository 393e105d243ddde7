"""The equilibrium finders (MODEL.md section 4) and the one dispatcher over them."""

from solvers.equilibria.dispatch import METHODS, check_method, pure_equilibria, solve_equilibria
from solvers.equilibria.equilibrium_set import Equilibrium, EquilibriumSet
from solvers.equilibria.pure import component_pure_equilibria, plain_enumeration

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
