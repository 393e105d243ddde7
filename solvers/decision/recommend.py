"""The contract to propose, from an exact contract analysis (MODEL.md section 11,
the proposal rule).

Each contract, no-sharing too, is played at its welfare-best equilibrium (largest
``U1 + U2``, then largest ``U1``: the selection of
:func:`solvers.bargaining.bargaining_problem` without equilibrium lotteries), and a
contract's gain is its payoff there minus no-sharing's (zero for no-sharing itself).
The bargaining solutions use the bargaining default as disagreement point: each firm's
worst payoff over no-sharing's equilibria. A firm *accepts* a contract when, for each
of its own training observations of positive probability, some equilibrium of the
contract gives it at least the best interim payoff of any no-sharing equilibrium: the
paper's Eq. (6) restricted to that firm (MODEL.md section 4). The contract is
individually rational when Eq. (6) holds for both firms at once.

The recommendation is the IRPO contract with the largest Nash product of the two gains
over no-sharing; ties go to the larger total gain, then to the contract sharing the
fewest things (so a contract that changes nothing gives way to no-sharing), then by
name. (Should no contract be IRPO, which needs a cycle of strict dominance, the
choice is among the individually rational ones.) The Nash and Kalai-Smorodinsky
bargaining solutions over lotteries of the same outcomes are reported beside it
(:func:`solvers.bargaining.bargain`, exact polygon).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from contracts import Contract
from solvers.analysis.environment import ContractAnalysis
from solvers.bargaining import BargainingProblem, BargainingResult, bargain, bargaining_problem


@dataclass(frozen=True)
class ContractOutcome:
    """One contract at its selected equilibrium, against no-sharing."""

    contract: str
    equilibria: int
    equilibrium: int
    payoff: tuple[Fraction, Fraction]
    gain: tuple[Fraction, Fraction]
    accepts: tuple[bool, bool]
    individually_rational: bool
    pareto_optimal: bool

    @property
    def irpo(self) -> bool:
        return self.individually_rational and self.pareto_optimal

    @property
    def refused_by(self) -> tuple[int, ...]:
        """The firms (1, 2) that would refuse the contract."""
        return tuple(f + 1 for f in (0, 1) if not self.accepts[f])


@dataclass(frozen=True)
class Recommendation:
    """The recommended contract, every contract's outcome, and the bargaining solutions."""

    contract: str
    outcomes: dict[str, ContractOutcome]
    disagreement: tuple[Fraction, Fraction]
    nash: BargainingResult
    kalai_smorodinsky: BargainingResult

    @property
    def chosen(self) -> ContractOutcome:
        return self.outcomes[self.contract]

    def to_dict(self) -> dict[str, Any]:
        """JSON form (README, "From data to a contract")."""
        return {
            "recommended": self.contract,
            "disagreement": [float(v) for v in self.disagreement],
            "contracts": {
                name: {
                    "equilibria": o.equilibria,
                    "equilibrium": o.equilibrium,
                    "payoff": [float(v) for v in o.payoff],
                    "gain": [float(v) for v in o.gain],
                    "accepts": list(o.accepts),
                    "individually_rational": o.individually_rational,
                    "pareto_optimal": o.pareto_optimal,
                    "irpo": o.irpo,
                }
                for name, o in self.outcomes.items()
            },
            "nash": self.nash.to_dict(),
            "kalai_smorodinsky": self.kalai_smorodinsky.to_dict(),
        }


def accepts(analysis: ContractAnalysis, contract: str, firm: int) -> bool:
    """Eq. (6) for one firm against no-sharing (module docstring)."""
    ours = analysis.solutions[contract].interim_maxima(firm)
    baseline = analysis.solutions["no"].interim_maxima(firm)
    return all(ours[t] >= best for t, best in baseline.items())


def contract_outcomes(analysis: ContractAnalysis) -> dict[str, ContractOutcome]:
    """Every contract at its selected equilibrium, against no-sharing (module docstring)."""
    return _outcomes(analysis, bargaining_problem(analysis, equilibrium_lotteries=False))


def _outcomes(analysis: ContractAnalysis, problem: BargainingProblem) -> dict[str, ContractOutcome]:
    verdicts = analysis.verdicts
    d = next(o.payoff for o in problem.outcomes if o.contract == "no")
    outcomes = {}
    for o in problem.outcomes:
        name = o.contract
        outcomes[name] = ContractOutcome(
            contract=name,
            equilibria=analysis.solutions[name].count,
            equilibrium=o.equilibrium,
            payoff=o.payoff,
            gain=(o.payoff[0] - d[0], o.payoff[1] - d[1]),
            accepts=(accepts(analysis, name, 0), accepts(analysis, name, 1)),
            individually_rational=name in verdicts.individually_rational,
            pareto_optimal=name in verdicts.pareto_optimal,
        )
    return outcomes


def recommend(analysis: ContractAnalysis) -> Recommendation:
    """The recommended contract of an exact analysis (module docstring)."""
    problem = bargaining_problem(analysis, equilibrium_lotteries=False)
    outcomes = _outcomes(analysis, problem)
    verdicts = analysis.verdicts

    def preference(name: str) -> tuple[Any, ...]:
        g = outcomes[name].gain
        nash_product = g[0] * g[1] if min(g) >= 0 else Fraction(-1)
        shared = sum(Contract.named(name).flags)
        return (-nash_product, -(g[0] + g[1]), shared, name)

    # IRPO can be empty only when strict dominance cycles; then choose among the IR ones
    best = min(verdicts.irpo or verdicts.individually_rational, key=preference)
    return Recommendation(
        best,
        outcomes,
        problem.disagreement,
        bargain(problem, "nash", method="polygon"),
        bargain(problem, "ks", method="polygon"),
    )
