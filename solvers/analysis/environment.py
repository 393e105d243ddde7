"""The whole data path for one environment: every contract's equilibria, then IRPO.

Environment + contracts -> games -> equilibria -> dominance -> IR / PO / IRPO.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from contracts import NO_SHARING, Contract, Environment, contract_family
from solvers.analysis.dominance import DominanceVerdicts, dominance_verdicts
from solvers.equilibria.dispatch import check_method, solve_equilibria
from solvers.equilibria.equilibrium_set import EquilibriumSet
from solvers.game import BayesianGame

#: Most equilibria listed per contract in reports (the count is always exact).
DEFAULT_LISTING_LIMIT = 1000


@dataclass(frozen=True)
class ContractAnalysis:
    """Equilibria of every contract of an environment and the verdicts on them.

    ``solutions`` maps contract names (in the order analyzed) to their equilibrium sets;
    ``verdicts`` holds the dominance relation and IR / PO / IRPO.
    """

    environment: Environment
    exact: bool
    solutions: dict[str, EquilibriumSet]
    verdicts: DominanceVerdicts
    seconds: float
    equilibria: str = "pure"

    def to_dict(self, limit: int | None = DEFAULT_LISTING_LIMIT) -> dict[str, Any]:
        """The stable JSON form documented in the README ("JSON output")."""
        v = self.verdicts
        return {
            "environment": self.environment.name or self.environment.describe(),
            "exact": self.exact,
            "equilibria": self.equilibria,
            "contracts": {name: s.to_dict(limit) for name, s in self.solutions.items()},
            "ir": list(v.individually_rational),
            "pareto_optimal": list(v.pareto_optimal),
            "irpo": list(v.irpo),
            "unique_irpo": v.unique_irpo,
            "unique_irpo_up_to_equivalence": v.unique_irpo_up_to_equivalence,
            "dominance": v.edges(),
            "strict_dominance": v.edges(strict=True),
            "equivalent": v.equivalences(),
        }


def resolve_contracts(contracts: str | Iterable[Contract | str] | None) -> tuple[Contract, ...]:
    """A family name (``standard``/``directional``) or contracts or names; adds ``no`` if absent."""
    if contracts is None:
        chosen = contract_family("standard")
    elif isinstance(contracts, str):
        chosen = contract_family(contracts)
    else:
        chosen = tuple(c if isinstance(c, Contract) else Contract.named(c) for c in contracts)
    if not chosen:
        raise ValueError("contracts = []: must name at least one contract")
    if len(set(chosen)) != len(chosen):
        raise ValueError(f"contracts = {[c.name for c in chosen]}: must be distinct")
    if NO_SHARING not in chosen:
        chosen = (NO_SHARING,) + tuple(chosen)
    return tuple(chosen)


def solve_contract(
    environment: Environment,
    contract: Contract,
    exact: bool = False,
    equilibria: str = "pure",
    method: str | None = None,
) -> EquilibriumSet:
    """The equilibria of ``environment`` under ``contract`` (see ``solve_equilibria``)."""
    game = BayesianGame.build(environment, contract)
    return solve_equilibria(game, method, kind=equilibria, exact=exact)


def analyze(
    environment: Environment,
    contracts: str | Sequence[Contract | str] | None = None,
    exact: bool = False,
    progress: Callable[[str], None] | None = None,
    equilibria: str = "pure",
    method: str | None = None,
) -> ContractAnalysis:
    """Solve every contract and decide dominance, IR, PO and IRPO (MODEL.md section 4).

    ``equilibria`` chooses the set dominance ranges over: ``pure`` (the papers') or
    ``mixed`` (extreme mixed equilibria, pure ones included); ``method`` the solver
    (see :func:`solvers.equilibria.dispatch.solve_equilibria`). With a method that is not complete,
    the verdicts are over the equilibria found.

    Examples
    --------
    The first worked case of MODEL.md section 8: no and train are equivalent and IRPO.

    >>> from contracts import correlation
    >>> env = correlation("0.8", "0.7", [("0.56", "1/2"), ("0.7", "1/2")])
    >>> result = analyze(env, exact=True)
    >>> [str(u) for u in result.solutions["no"].equilibria()[0].payoff]
    ['7/40', '3/40']
    >>> result.verdicts.irpo, result.verdicts.unique_irpo_up_to_equivalence
    (('no', 'train'), 'no')
    """
    check_method(method, equilibria)
    start = time.perf_counter()
    solutions: dict[str, EquilibriumSet] = {}
    for contract in resolve_contracts(contracts):
        if progress:
            progress(contract.name)
        solutions[contract.name] = solve_contract(environment, contract, exact, equilibria, method)
    verdicts = dominance_verdicts(solutions)
    return ContractAnalysis(
        environment, exact, solutions, verdicts, time.perf_counter() - start, equilibria
    )
