"""The bargaining problem over contracts (README, "Bargaining over contracts").

Feasible outcomes are lotteries, drawn publicly before training, over *outcomes*: a
contract together with one of its equilibria (or, without equilibrium lotteries, the
equilibrium a selection rule picks for each contract). Optionally the firms add a
monetary transfer ``tau`` from firm 2 to firm 1 (``|tau| <= cap`` if capped), which
shifts the payoffs by ``(tau, -tau)`` for every training observation alike.

The disagreement point is no-sharing, under a stated equilibrium selection when it has
several equilibria: ``worst`` (default: each firm's worst payoff over them, per training
observation in interim mode), ``best``, or the index of one equilibrium.

In interim mode individual rationality must hold for every training observation of
positive probability: the lottery's interim payoff ``U_i(. | t_i)`` (plus the transfer)
is at least the disagreement's (MODEL.md section 4); these constraints are linear in the
lottery. Payoffs are exact (Fractions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from contracts import to_fraction
from contracts.numbers import NumberLike
from solvers.analysis.environment import ContractAnalysis

#: Most outcomes (contract, equilibrium pairs) a bargaining problem accepts.
MAX_OUTCOMES = 20_000


@dataclass(frozen=True)
class Outcome:
    """One contract played at one of its equilibria, with exact payoffs."""

    contract: str
    equilibrium: int
    payoff: tuple[Fraction, Fraction]
    interim: tuple[tuple[Fraction, ...], tuple[Fraction, ...]]

    @property
    def label(self) -> str:
        return f"{self.contract}#{self.equilibrium + 1}"


@dataclass(frozen=True)
class BargainingProblem:
    """Outcomes, disagreement point, transfers and the IR mode of a bargaining problem.

    ``types`` lists, per firm, the training labels of positive probability (the order of
    the interim tuples) and ``type_mass`` their probabilities.
    """

    outcomes: tuple[Outcome, ...]
    disagreement: tuple[Fraction, Fraction]
    disagreement_interim: tuple[tuple[Fraction, ...], tuple[Fraction, ...]]
    types: tuple[tuple[str, ...], tuple[str, ...]]
    type_mass: tuple[tuple[Fraction, ...], tuple[Fraction, ...]]
    transfers: bool = False
    cap: Fraction | None = None
    interim: bool = False
    irpo: tuple[str, ...] = ()
    description: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.outcomes:
            raise ValueError("bargaining problem: there must be at least one outcome")
        if self.cap is not None and self.cap < 0:
            raise ValueError(f"cap = {self.cap}: must be nonnegative")
        if self.cap is not None and not self.transfers:
            raise ValueError("cap: a cap on transfers needs transfers to be allowed")

    def rescaled(self, firm: int, scale: NumberLike, shift: NumberLike) -> BargainingProblem:
        """The same problem with firm ``firm``'s utility mapped to ``scale * u + shift``
        (``scale > 0``): a positive affine rescaling, for the invariance axioms. With
        transfers the money is rescaled alike only when both firms share the scale."""
        a, b = to_fraction(scale, "scale"), to_fraction(shift, "shift")
        if a <= 0:
            raise ValueError(f"scale = {a}: must be positive")
        if self.transfers and a != 1:
            raise ValueError("rescaled: transfers are money; rescale only without transfers")

        def pair(values: tuple[Fraction, Fraction]) -> tuple[Fraction, Fraction]:
            out = list(values)
            out[firm] = a * out[firm] + b
            return out[0], out[1]

        def vector(values: tuple[tuple[Fraction, ...], tuple[Fraction, ...]]) -> Any:
            out = list(values)
            out[firm] = tuple(a * v + b for v in out[firm])
            return out[0], out[1]

        outcomes = tuple(
            Outcome(o.contract, o.equilibrium, pair(o.payoff), vector(o.interim))
            for o in self.outcomes
        )
        return BargainingProblem(
            outcomes,
            pair(self.disagreement),
            vector(self.disagreement_interim),
            self.types,
            self.type_mass,
            self.transfers,
            self.cap,
            self.interim,
            self.irpo,
            self.description,
        )


def _outcome(name: str, index: int, eq: Any, types: tuple[tuple[str, ...], ...]) -> Outcome:
    """Equilibrium ``index`` of contract ``name`` as an outcome, its payoffs exact."""
    return Outcome(
        name,
        index,
        (Fraction(eq.payoff[0]), Fraction(eq.payoff[1])),
        (
            tuple(Fraction(eq.interim[0][t]) for t in types[0]),
            tuple(Fraction(eq.interim[1][t]) for t in types[1]),
        ),
    )


def bargaining_problem(
    analysis: ContractAnalysis,
    equilibrium_lotteries: bool = True,
    disagreement: str | int = "worst",
    transfers: bool = False,
    cap: NumberLike | None = None,
    interim: bool = False,
) -> BargainingProblem:
    """The bargaining problem of an exact contract analysis (see the module docstring).

    Without ``equilibrium_lotteries`` each contract is played at its welfare-best
    equilibrium (largest ``U1 + U2``, then largest ``U1``).
    """
    if not analysis.exact:
        raise ValueError("bargaining needs exact payoffs: analyze the environment with exact=True")
    if disagreement not in ("worst", "best") and not (
        isinstance(disagreement, int) and not isinstance(disagreement, bool)
    ):
        raise ValueError(
            f"disagreement = {disagreement!r}: must be 'worst', 'best' or an equilibrium index"
        )
    env = analysis.environment
    types = tuple(
        tuple(t for t, m in zip(env.training_labels[f], env.training_marginals[f]) if m > 0)
        for f in (0, 1)
    )
    mass = tuple(tuple(m for m in env.training_marginals[f] if m > 0) for f in (0, 1))
    outcomes: list[Outcome] = []
    for name, solution in analysis.solutions.items():
        if not equilibrium_lotteries:  # found component by component, never listed
            index = solution.welfare_best_index()
            outcomes.append(_outcome(name, index, solution.equilibrium_at(index), types))
            continue
        if solution.listed_count > MAX_OUTCOMES:
            raise ValueError(
                f"contract {name} lists {solution.listed_count} equilibria: at most {MAX_OUTCOMES} "
                "outcomes can be bargained over; without equilibrium lotteries each contract "
                "is played at its welfare-best equilibrium, found without listing"
            )
        outcomes.extend(_outcome(name, k, eq, types) for k, eq in enumerate(solution.equilibria()))
    baseline = analysis.solutions["no"]
    if isinstance(disagreement, int):
        if not 0 <= disagreement < baseline.listed_count:
            raise ValueError(
                f"disagreement = {disagreement}: no-sharing has {baseline.listed_count} "
                f"equilibria (indices 0..{baseline.listed_count - 1})"
            )
        chosen = _outcome("no", disagreement, baseline.equilibrium_at(disagreement), types)
        d, d_interim = chosen.payoff, chosen.interim
    else:  # each firm's worst (best) payoff, per type in interim mode: by components
        best = disagreement == "best"
        d = (Fraction(baseline.payoff_extreme(0, best)), Fraction(baseline.payoff_extreme(1, best)))
        extremes = [baseline.interim_extremes(f, best) for f in (0, 1)]
        d_interim = (
            tuple(Fraction(extremes[0][t]) for t in types[0]),
            tuple(Fraction(extremes[1][t]) for t in types[1]),
        )
    cap_value = None if cap is None else to_fraction(cap, "cap")
    if cap_value is not None and cap_value < 0:
        raise ValueError(f"cap = {cap_value}: must be nonnegative")
    return BargainingProblem(
        outcomes=tuple(outcomes),
        disagreement=(d[0], d[1]),
        disagreement_interim=(d_interim[0], d_interim[1]),
        types=(types[0], types[1]),
        type_mass=(mass[0], mass[1]),
        transfers=transfers,
        cap=cap_value,
        interim=interim,
        irpo=analysis.verdicts.irpo,
        description={
            "environment": env.name or env.describe(),
            "equilibrium_lotteries": equilibrium_lotteries,
            "disagreement_selection": disagreement,
        },
    )


def problem_from_points(
    points: Sequence[tuple[NumberLike, NumberLike]],
    disagreement: tuple[NumberLike, NumberLike],
    transfers: bool = False,
    cap: NumberLike | None = None,
) -> BargainingProblem:
    """An ex-ante problem from bare payoff pairs (outcomes named ``p0``, ``p1``, ...)."""
    pairs = [(to_fraction(a, "point"), to_fraction(b, "point")) for a, b in points]
    d = (to_fraction(disagreement[0], "disagreement"), to_fraction(disagreement[1], "disagreement"))
    return BargainingProblem(
        outcomes=tuple(
            Outcome(f"p{k}", 0, pair, ((pair[0],), (pair[1],))) for k, pair in enumerate(pairs)
        ),
        disagreement=d,
        disagreement_interim=((d[0],), (d[1],)),
        types=(("*",), ("*",)),
        type_mass=((Fraction(1),), (Fraction(1),)),
        transfers=transfers,
        cap=None if cap is None else to_fraction(cap, "cap"),
    )
