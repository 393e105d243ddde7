"""The names a user chooses among, in one light module: the equilibrium kinds and their
methods (MODEL.md section 4), the consumer-side readings (section 9), and the bargaining
solutions and methods. The dispatchers check against these, and the command line lists
them without loading any solver."""

from __future__ import annotations

#: Equilibrium methods by kind: pure (enumeration, backtracking, potential, MILP) and
#: mixed (support enumeration, Lemke-Howson).
EQUILIBRIUM_METHODS: dict[str, tuple[str, ...]] = {
    "pure": ("enumerate", "backtrack", "potential", "milp"),
    "mixed": ("support", "lemke"),
}
DEFAULT_EQUILIBRIUM_METHOD = {"pure": "enumerate", "mixed": "support"}

#: One picked equilibrium per contract (solvers.analysis.readings).
READINGS = ("welfare", "trade-best", "trade-worst", "aligned-best", "aligned-worst")

#: Bargaining solutions and methods (solvers.bargaining.dispatch).
BARGAINING_SOLUTIONS = ("nash", "ks", "egalitarian", "utilitarian", "rubinstein")
BARGAINING_METHODS = ("auto", "polygon", "cvxpy")
