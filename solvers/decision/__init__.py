"""From an analysis to what to propose (MODEL.md section 11): the recommendation and the
payoffs a profile realizes on observed data."""

from typing import TYPE_CHECKING

from solvers.external import lazy_exports

if TYPE_CHECKING:
    from solvers.decision.realized import realized_utilities
    from solvers.decision.recommend import Recommendation, recommend
else:  # each name is imported from its module on first use
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "solvers.decision.realized": ("realized_utilities",),
            "solvers.decision.recommend": (
                "Recommendation",
                "recommend",
            ),
        },
    )

__all__ = ["Recommendation", "realized_utilities", "recommend"]
