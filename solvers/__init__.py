"""The algorithms: games built from contracts, equilibria, dominance and IRPO."""

from solvers.analysis import ContractAnalysis, analyze, resolve_contracts, solve_contract
from solvers.dominance import DominanceVerdicts, dominance_verdicts, dominates, pareto_frontier
from solvers.equilibria import Equilibrium, EquilibriumSet, profile_contribution, pure_equilibria
from solvers.game import BayesianGame, Component, FirmSide
from solvers.pure import SolverLimitError, component_pure_equilibria, plain_enumeration

__all__ = [
    "BayesianGame",
    "Component",
    "ContractAnalysis",
    "DominanceVerdicts",
    "Equilibrium",
    "EquilibriumSet",
    "FirmSide",
    "SolverLimitError",
    "analyze",
    "component_pure_equilibria",
    "dominance_verdicts",
    "dominates",
    "pareto_frontier",
    "plain_enumeration",
    "profile_contribution",
    "pure_equilibria",
    "resolve_contracts",
    "solve_contract",
]
