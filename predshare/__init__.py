"""predshare: a game-theoretic contract solver for prediction sharing between firms.

The public API re-exports the model (``contracts``) and the algorithms (``solvers``):

>>> import predshare as ps
>>> env = ps.two_hypotheses("1/10", "1/10", "1/20", "3/10")
>>> ps.analyze(env, exact=True).verdicts.irpo
('infer',)
"""

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
from predshare.phase import phase_plot
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
from solvers.consumers import ConsumerView, consumer_expectation, consumer_view
from solvers.readings import READINGS, pick

__version__ = "0.1.0"

#: Loaded on first use (a plain solve needs none of them): the data path (scikit-learn,
#: pandas), the scarcity sweep, phase-diagram sweeps and the contract recommendation.
_LAZY = {
    "DataConfig": "predshare.data",
    "run_data": "predshare.data",
    "scarcity": "predshare.scarcity",
    "sweep": "predshare.sweeps",
    "recommend": "solvers.recommend",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'predshare' has no attribute {name!r}")


__all__ = [
    "READINGS",
    "BayesianGame",
    "ConsumerView",
    "DataConfig",
    "Contract",
    "ContractAnalysis",
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
    "plain_enumeration",
    "phase_plot",
    "pick",
    "pure_equilibria",
    "recommend",
    "run_data",
    "save_environment",
    "scarcity",
    "solve_contract",
    "standard_contracts",
    "sweep",
    "two_hypotheses",
    "worked_cases",
]
