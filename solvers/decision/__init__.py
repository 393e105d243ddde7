"""From an analysis to what to propose (MODEL.md section 11): the recommendation and the
payoffs a profile realizes on observed data."""

from solvers.decision.realized import realized_utilities
from solvers.decision.recommend import Recommendation, recommend

__all__ = ["Recommendation", "realized_utilities", "recommend"]
