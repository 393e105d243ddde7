"""One dispatcher for the equilibrium solvers: ``solve_equilibria(game, method, kind)``.

| kind  | method      | finds                                                      | complete |
|-------|-------------|------------------------------------------------------------|----------|
| pure  | enumerate   | every pure equilibrium (components + best-response pruning; | yes      |
|       |             | large components by backtracking: equilibria.pure)          |          |
| pure  | backtrack   | every pure equilibrium, by backtracking in every component  | yes      |
| pure  | potential   | one pure equilibrium per component (best-response dynamics) | no       |
| pure  | milp        | the welfare-, firm-1- and firm-2-best pure equilibria      | no       |
| mixed | support     | every extreme mixed equilibrium (support enumeration)       | yes      |
| mixed | lemke       | one (possibly mixed) equilibrium per component (Lemke)      | no       |

Every method works component by component; the whole game's equilibria are the product.
Each result carries a certificate: the largest best-response gain of any cell in any
listed equilibrium, exactly zero for correct output.
"""

from __future__ import annotations

from typing import Any

from solvers.equilibria.backtrack import backtrack_pure_equilibria
from solvers.equilibria.equilibrium_set import EquilibriumSet
from solvers.equilibria.lemke import lemke_equilibrium
from solvers.equilibria.milp import OBJECTIVES, best_equilibrium_milp
from solvers.equilibria.mixed import component_mixed_equilibria
from solvers.equilibria.potential import best_response_dynamics
from solvers.equilibria.pure import component_equilibrium_count
from solvers.errors import SolverFailure
from solvers.game import BayesianGame
from solvers.names import DEFAULT_EQUILIBRIUM_METHOD, EQUILIBRIUM_METHODS

METHODS = EQUILIBRIUM_METHODS
DEFAULT_METHOD = DEFAULT_EQUILIBRIUM_METHOD


def check_method(method: str | None, kind: str) -> str:
    """The method to use for ``kind`` (its default when None); ValueError if they do not fit."""
    if kind not in METHODS:
        raise ValueError(f"kind = {kind!r}: must be 'pure' or 'mixed'")
    method = DEFAULT_METHOD[kind] if method is None else method
    if method not in METHODS[kind]:
        raise ValueError(
            f"method = {method!r}: for {kind} equilibria must be one of {', '.join(METHODS[kind])}"
        )
    return method


def solve_equilibria(
    game: BayesianGame, method: str | None = None, kind: str = "pure", exact: bool = False
) -> EquilibriumSet:
    """Equilibria of ``game`` of the given ``kind`` by ``method`` (see the module table).

    ``exact`` selects the number path of the payoffs and the certificate (Fractions or
    float64); equilibrium profiles are decided exactly by every method.

    Examples
    --------
    >>> from contracts import two_hypotheses, Contract
    >>> game = BayesianGame.build(two_hypotheses("1/10", "1/10", "1/20", "3/10"),
    ...                           Contract.named("infer"))
    >>> result = solve_equilibria(game, "support", kind="mixed", exact=True)
    >>> result.count, result.complete, result.certificate()
    (1, True, Fraction(0, 1))
    """
    method = check_method(method, kind)
    stats: dict[str, Any] = {}
    continuum = False
    parts: list[tuple[Any, ...]] = []
    sizes: list[int] = []
    for sub in game.subgames:
        profile: Any
        if method == "enumerate":
            listed, size = component_equilibrium_count(sub, exact)
            parts.append(tuple(listed))
            sizes.append(size)
        elif method == "backtrack":
            listed, nodes = backtrack_pure_equilibria(sub)
            stats["nodes"] = stats.get("nodes", 0) + nodes
            parts.append(tuple(listed))
        elif method == "potential":
            profile, moves = best_response_dynamics(sub)
            stats["moves"] = stats.get("moves", 0) + moves
            parts.append((profile,))
        elif method == "milp":
            found: list[Any] = []
            for objective in OBJECTIVES:
                solution = best_equilibrium_milp(sub, objective)
                if not solution.verified:
                    raise SolverFailure(
                        f"MILP ({objective}) returned a profile that fails the exact check"
                    )
                stats.setdefault("milp_status", set()).add(solution.status)
                if solution.profile not in found:
                    found.append(solution.profile)
            parts.append(tuple(found))
        elif method == "support":
            profiles, many = component_mixed_equilibria(sub)
            continuum |= many
            parts.append(tuple(profiles))
        else:  # lemke
            profile, pivots = lemke_equilibrium(sub)
            stats["pivots"] = stats.get("pivots", 0) + pivots
            parts.append((profile,))
    if "milp_status" in stats:
        stats["milp_status"] = sorted(stats["milp_status"])
    return EquilibriumSet(
        game,
        tuple(parts),
        exact,
        method=method,
        complete=method in ("enumerate", "backtrack", "support"),
        kind=kind,
        continuum=continuum,
        stats=stats,
        sizes=tuple(sizes) if any(n != len(p) for n, p in zip(sizes, parts)) else None,
    )


def pure_equilibria(game: BayesianGame, exact: bool = False) -> EquilibriumSet:
    """Every pure BNE of ``game``, each once (MODEL.md section 4): ``solve_equilibria`` with
    ``method="enumerate"``."""
    return solve_equilibria(game, "enumerate", "pure", exact)
