"""The algorithms: games built from contracts, equilibria, dominance and IRPO."""

from solvers.analysis.dominance import (
    DominanceVerdicts,
    dominance_verdicts,
    dominates,
    pareto_frontier,
)
from solvers.analysis.environment import (
    ContractAnalysis,
    analyze,
    resolve_contracts,
    solve_contract,
)
from solvers.equilibria.dispatch import METHODS, check_method, pure_equilibria, solve_equilibria
from solvers.equilibria.equilibrium_set import (
    Equilibrium,
    EquilibriumSet,
    profile_contribution,
    profile_regret,
)
from solvers.equilibria.pure import component_pure_equilibria, plain_enumeration
from solvers.errors import SolverFailure, SolverLimitError
from solvers.game import BayesianGame, Component, FirmSide

__all__ = [
    "METHODS",
    "BayesianGame",
    "Component",
    "ContractAnalysis",
    "DominanceVerdicts",
    "Equilibrium",
    "EquilibriumSet",
    "FirmSide",
    "SolverFailure",
    "SolverLimitError",
    "analyze",
    "check_method",
    "component_pure_equilibria",
    "dominance_verdicts",
    "dominates",
    "pareto_frontier",
    "plain_enumeration",
    "profile_contribution",
    "profile_regret",
    "pure_equilibria",
    "resolve_contracts",
    "solve_contract",
    "solve_equilibria",
]
