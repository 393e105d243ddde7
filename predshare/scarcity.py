"""How the answer moves with the labelled data (MODEL.md section 10).

For N = 1, 2, ... labelled examples of firm 1 in the two-hypotheses setting, and N =
infinity (plentiful data, section 6) last: the IRPO set, the contract that is unique
IRPO up to equivalence, and per contract the firms' payoffs and the probability of
trade, each contract played at its welfare-best equilibrium (the selection of
:func:`solvers.decision.recommend.recommend`, found component by component:
:meth:`EquilibriumSet.welfare_best`, so that a game with astronomically many equilibria
is never listed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from contracts import fraction_text
from contracts.numbers import NumberLike
from contracts.settings import MAX_COUNT_SAMPLES, MAX_SAMPLES, MERGED_GAME_HINT, two_hypotheses
from predshare.report import format_table
from solvers.analysis.environment import analyze
from solvers.equilibria.consumers import consumer_view
from solvers.errors import SolverLimitError

SCHEMA = "predshare.scarcity/1"
#: What each ``types`` solves, as the text and JSON outputs name it.
GAMES = {
    "counts": "each count vector of firm 1's N examples is a type (MODEL.md section 10)",
    "posterior": "count vectors with equal posteriors are one type (the refinement of "
    "MODEL.md section 10, whose equilibria are equilibria of its game)",
}
#: The default ``--samples`` per ``types``.
DEFAULT_SAMPLES = {"counts": f"1:{MAX_COUNT_SAMPLES}", "posterior": "1:50"}


@dataclass(frozen=True)
class ScarcityPoint:
    """One N (None: infinity): IRPO, and per contract ``(U1, U2)``, trade, equilibria."""

    samples: int | None
    irpo: tuple[str, ...]
    unique_irpo: str | None
    payoff: dict[str, tuple[Fraction, Fraction]]
    trade: dict[str, Fraction]
    equilibria: dict[str, int]

    @property
    def label(self) -> str:
        return "inf" if self.samples is None else str(self.samples)


def parse_samples(text: str, types: str = "counts") -> tuple[int, ...]:
    """``LO:HI`` (every N from LO to HI) or ``N,N,...``, within the limit of ``types``."""
    try:
        if ":" in text:
            low, _, high = text.partition(":")
            ends = [int(low), int(high)]  # the range is built once its ends are checked
        else:
            ends = [int(p) for p in text.split(",") if p.strip()]
    except ValueError:
        raise ValueError(
            f"--samples = {text!r}: must be LO:HI or N,N,... (whole numbers)"
        ) from None
    most = MAX_COUNT_SAMPLES if types == "counts" else MAX_SAMPLES
    if not ends or min(ends) < 1 or max(ends) > most:
        hint = f" (--types posterior allows up to {MAX_SAMPLES})" if types == "counts" else ""
        raise ValueError(
            f"--samples = {text!r}: every N must be between 1 and {most} with --types {types}{hint}"
        )
    if ":" in text and ends[0] > ends[1]:
        raise ValueError(f"--samples = {text!r}: LO > HI, the range is empty")
    parts = range(ends[0], ends[1] + 1) if ":" in text else ends
    return tuple(sorted(set(parts)))


def scarcity(
    prior_i: NumberLike,
    kappa: NumberLike,
    lam: NumberLike,
    mu: NumberLike,
    samples: Sequence[int],
    progress: Callable[[], None] | None = None,
    types: str = "counts",
) -> list[ScarcityPoint]:
    """One point per N of ``samples``, then N = infinity (module docstring); ``types``
    chooses the game (:data:`GAMES`)."""
    points = []
    for n in [*samples, None]:
        env = two_hypotheses(
            prior_i, kappa, lam, mu, samples=n, types="counts" if n is None else types
        )
        try:
            analysis = analyze(env, exact=True)
        except SolverLimitError as error:
            if types == "posterior" or n is None:
                raise
            raise SolverLimitError(f"N = {n}: {error}{MERGED_GAME_HINT}") from None
        payoff, trade = {}, {}
        for name, solution in analysis.solutions.items():
            best = solution.welfare_best()
            payoff[name] = (Fraction(best.payoff[0]), Fraction(best.payoff[1]))
            trade[name] = Fraction(
                consumer_view(solution.game, best.strategy, True).trade_probability
            )
        points.append(
            ScarcityPoint(
                n,
                analysis.verdicts.irpo,
                analysis.verdicts.unique_irpo_up_to_equivalence,
                payoff,
                trade,
                {name: solution.count for name, solution in analysis.solutions.items()},
            )
        )
        if progress is not None:
            progress()
    return points


def changes(points: Sequence[ScarcityPoint]) -> list[tuple[str, str | None, str | None]]:
    """``(N, before, after)`` wherever the unique IRPO contract (up to equivalence)
    changes from the previous N."""
    return [
        (b.label, a.unique_irpo, b.unique_irpo)
        for a, b in zip(points, points[1:])
        if a.unique_irpo != b.unique_irpo
    ]


def scarcity_text(points: Sequence[ScarcityPoint], types: str = "counts") -> str:
    """The game solved, then a table: one row per N."""
    contracts = list(points[0].payoff)
    headers = ["N", "IRPO", "unique"] + [f"{c} U1,U2 / trade" for c in contracts]
    rows = [
        [p.label, ",".join(p.irpo), p.unique_irpo or "-"]
        + [
            f"{float(p.payoff[c][0]):.4f},{float(p.payoff[c][1]):.4f} / {float(p.trade[c]):.4f}"
            for c in contracts
        ]
        for p in points
    ]
    moves = changes(points)
    summary = (
        "the unique IRPO contract (up to equivalence) changes at "
        + "; ".join(f"N = {n}: {a} -> {b}" for n, a, b in moves)
        if moves
        else f"the unique IRPO contract (up to equivalence) is {points[0].unique_irpo} at every N"
    )
    return f"game: {GAMES[types]}\n" + format_table(headers, rows) + "\n" + summary + "\n"


def scarcity_dict(
    points: Sequence[ScarcityPoint], parameters: dict[str, Any], types: str = "counts"
) -> dict[str, Any]:
    """JSON form (README, "Scarce data")."""
    return {
        "schema": SCHEMA,
        "parameters": parameters,
        "types": types,
        "game": GAMES[types],
        "points": [
            {
                "samples": p.samples,
                "irpo": list(p.irpo),
                "unique_irpo_up_to_equivalence": p.unique_irpo,
                "contracts": {
                    c: {
                        "equilibria": p.equilibria[c],
                        "payoff": [float(u) for u in p.payoff[c]],
                        "payoff_exact": [fraction_text(u) for u in p.payoff[c]],
                        "trade_probability": float(p.trade[c]),
                        "trade_probability_exact": fraction_text(p.trade[c]),
                    }
                    for c in p.payoff
                },
            }
            for p in points
        ],
        "changes": [{"samples": n, "from": a, "to": b} for n, a, b in changes(points)],
    }
