"""The algorithms: games built from contracts, equilibria, dominance and IRPO."""

from typing import TYPE_CHECKING

from solvers.external import lazy_exports

if TYPE_CHECKING:
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
else:  # each name is imported from its module on first use
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "solvers.analysis.dominance": (
                "DominanceVerdicts",
                "dominance_verdicts",
                "dominates",
                "pareto_frontier",
            ),
            "solvers.analysis.environment": (
                "ContractAnalysis",
                "analyze",
                "resolve_contracts",
                "solve_contract",
            ),
            "solvers.equilibria.dispatch": (
                "METHODS",
                "check_method",
                "pure_equilibria",
                "solve_equilibria",
            ),
            "solvers.equilibria.equilibrium_set": (
                "Equilibrium",
                "EquilibriumSet",
                "profile_contribution",
                "profile_regret",
            ),
            "solvers.equilibria.pure": (
                "component_pure_equilibria",
                "plain_enumeration",
            ),
            "solvers.errors": (
                "SolverFailure",
                "SolverLimitError",
            ),
            "solvers.game": (
                "BayesianGame",
                "Component",
                "FirmSide",
            ),
        },
    )

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
