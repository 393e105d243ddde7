"""predshare: a game-theoretic contract solver for prediction sharing between firms.

The public API re-exports the model (``contracts``) and the algorithms (``solvers``):

>>> import predshare as ps
>>> env = ps.two_hypotheses("1/10", "1/10", "1/20", "3/10")
>>> ps.analyze(env, exact=True).verdicts.irpo
('infer',)
"""

from typing import TYPE_CHECKING

from solvers.external import lazy_exports

if TYPE_CHECKING:
    from contracts import (
        Contract,
        Environment,
        Utility,
        contract_family,
        correlation,
        directional_contracts,
        environment_from_dict,
        environment_from_json,
        environment_to_dict,
        information_structure,
        load_environment,
        save_environment,
        standard_contracts,
        two_hypotheses,
        worked_cases,
    )
    from contracts.terms import Terms, load_terms, terms_from_dict, terms_from_toml
    from predshare.data import DataConfig, run_data
    from predshare.decision import PlanConfig, PlanResult, plan
    from predshare.plots.phase import phase_plot
    from predshare.scarcity import scarcity
    from predshare.sweeps import sweep
    from solvers import (
        BayesianGame,
        ContractAnalysis,
        Equilibrium,
        EquilibriumSet,
        SolverLimitError,
        analyze,
        dominates,
        plain_enumeration,
        pure_equilibria,
        solve_contract,
    )
    from solvers.analysis.readings import READINGS, pick
    from solvers.decision.recommend import recommend
    from solvers.equilibria.consumers import ConsumerView, consumer_expectation, consumer_view

__version__ = "0.1.0"

#: Where each public name lives. Every name loads on first use, so that ``import
#: predshare`` (and so the command line) pays only for what it touches: a plain solve
#: needs neither the data path (scikit-learn, pandas), nor sweeps, nor the recommendation.
_HOMES = {
    "contracts": (
        "Contract", "Environment", "Utility", "contract_family", "correlation",
        "directional_contracts", "environment_from_dict", "environment_from_json",
        "environment_to_dict", "information_structure", "load_environment",
        "save_environment", "standard_contracts", "two_hypotheses", "worked_cases",
    ),
    "solvers": (
        "BayesianGame", "ContractAnalysis", "Equilibrium", "EquilibriumSet", "SolverLimitError",
        "analyze", "dominates", "plain_enumeration", "pure_equilibria", "solve_contract",
    ),
    "solvers.equilibria.consumers": ("ConsumerView", "consumer_expectation", "consumer_view"),
    "solvers.analysis.readings": ("READINGS", "pick"),
    "solvers.decision.recommend": ("recommend",),
    "contracts.terms": ("Terms", "load_terms", "terms_from_dict", "terms_from_toml"),
    "predshare.data": ("DataConfig", "run_data"),
    "predshare.decision": ("PlanConfig", "PlanResult", "plan"),
    "predshare.plots.phase": ("phase_plot",),
    "predshare.scarcity": ("scarcity",),
    "predshare.sweeps": ("sweep",),
}  # fmt: skip
__getattr__, __dir__ = lazy_exports(__name__, _HOMES)


__all__ = [
    "READINGS",
    "BayesianGame",
    "ConsumerView",
    "DataConfig",
    "Contract",
    "ContractAnalysis",
    "PlanConfig",
    "PlanResult",
    "Terms",
    "Environment",
    "Equilibrium",
    "EquilibriumSet",
    "SolverLimitError",
    "Utility",
    "analyze",
    "consumer_expectation",
    "consumer_view",
    "contract_family",
    "correlation",
    "directional_contracts",
    "dominates",
    "environment_from_dict",
    "environment_from_json",
    "environment_to_dict",
    "information_structure",
    "load_environment",
    "load_terms",
    "plain_enumeration",
    "phase_plot",
    "plan",
    "pick",
    "pure_equilibria",
    "recommend",
    "run_data",
    "save_environment",
    "scarcity",
    "solve_contract",
    "standard_contracts",
    "terms_from_dict",
    "terms_from_toml",
    "sweep",
    "two_hypotheses",
    "worked_cases",
]
