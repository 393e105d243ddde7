"""What comes out of equilibria: Eq. (6) dominance, IR / PO / IRPO, the whole-environment
analysis and its consumer-side readings (MODEL.md sections 4 and 9)."""

from solvers.analysis.dominance import DominanceVerdicts, dominance_verdicts, dominates
from solvers.analysis.environment import ContractAnalysis, analyze, solve_contract
from solvers.analysis.readings import READINGS, Reading, pick

__all__ = [
    "READINGS",
    "ContractAnalysis",
    "DominanceVerdicts",
    "Reading",
    "analyze",
    "dominance_verdicts",
    "dominates",
    "pick",
    "solve_contract",
]
