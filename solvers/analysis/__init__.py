"""What comes out of equilibria: Eq. (6) dominance, IR / PO / IRPO, the whole-environment
analysis and its consumer-side readings (MODEL.md sections 4 and 9)."""

from typing import TYPE_CHECKING

from solvers.external import lazy_exports

if TYPE_CHECKING:
    from solvers.analysis.dominance import DominanceVerdicts, dominance_verdicts, dominates
    from solvers.analysis.environment import ContractAnalysis, analyze, solve_contract
    from solvers.analysis.readings import READINGS, Reading, pick
else:  # each name is imported from its module on first use
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "solvers.analysis.dominance": (
                "DominanceVerdicts",
                "dominance_verdicts",
                "dominates",
            ),
            "solvers.analysis.environment": (
                "ContractAnalysis",
                "analyze",
                "solve_contract",
            ),
            "solvers.analysis.readings": (
                "READINGS",
                "Reading",
                "pick",
            ),
        },
    )

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
