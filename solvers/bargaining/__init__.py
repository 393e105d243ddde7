"""Bargaining over lotteries of contracts (one family of modules).

``problem``: the bargaining problem built from an analysis (outcomes, disagreement,
transfers, interim IR); ``polygon``: exact solutions on the feasible polygon (ex-ante
problems); ``convex``: the cvxpy programs (general, interim IR included) and the exact
feasibility check; ``dispatch``: ``bargain(problem, solution=..., method=...)`` and its
result object.
"""

from typing import TYPE_CHECKING

from solvers.external import lazy_exports

if TYPE_CHECKING:
    from solvers.bargaining.dispatch import (
        DEFAULT_DISCOUNT,
        METHODS,
        SOLUTIONS,
        BargainingResult,
        bargain,
        rubinstein_path,
    )
    from solvers.bargaining.problem import (
        MAX_OUTCOMES,
        BargainingProblem,
        Outcome,
        bargaining_problem,
        problem_from_points,
    )
else:  # each name is imported from its module on first use
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "solvers.bargaining.dispatch": (
                "DEFAULT_DISCOUNT",
                "METHODS",
                "SOLUTIONS",
                "BargainingResult",
                "bargain",
                "rubinstein_path",
            ),
            "solvers.bargaining.problem": (
                "MAX_OUTCOMES",
                "BargainingProblem",
                "Outcome",
                "bargaining_problem",
                "problem_from_points",
            ),
        },
    )

__all__ = [
    "DEFAULT_DISCOUNT",
    "MAX_OUTCOMES",
    "METHODS",
    "SOLUTIONS",
    "BargainingProblem",
    "BargainingResult",
    "Outcome",
    "bargain",
    "bargaining_problem",
    "problem_from_points",
    "rubinstein_path",
]
