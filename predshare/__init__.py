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

__version__ = "0.1.0"

__all__ = [
    "BayesianGame",
    "Contract",
    "ContractAnalysis",
    "Environment",
    "Equilibrium",
    "EquilibriumSet",
    "SolverLimitError",
    "Utility",
    "analyze",
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
    "pure_equilibria",
    "save_environment",
    "solve_contract",
    "standard_contracts",
    "sweep",
    "two_hypotheses",
    "worked_cases",
]
