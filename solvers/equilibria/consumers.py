"""What an equilibrium does to the firms' customers (MODEL.md section 9).

A consumer is evaluated on every play ``(w, t1, t2, y, s1, s2, a1, a2)``, weighted by
``pi(w) P_w(t1, t2) P_w(y, s1, s2)`` times the firms' (independent) probabilities of
their actions at their cells. The quantities:

* the probability of trade, ``P(a1 = 1 or a2 = 1)``;
* the opportunity-seeking consumer (Lemma 4.2): ``failure + (success - failure) *
  P(a1 = p or a2 = p)`` for a preferred action ``p`` (:meth:`ConsumerView.opportunity`);
* the aligned consumer (Eq. (7)), whose ex-post utility is ``u1 + u2``: its welfare is
  ``U1 + U2``;
* any consumer utility ``v(a1, y, a2)`` (:func:`consumer_expectation`);

each in total and per world, in Fractions on the exact path and float64 otherwise.
An equilibrium is *strict* when every cell's best response is unique (decided
exactly). Per world, each firm plays a *pattern*: ``follows`` its signal (acts on
higher signals only), is ``inactive``, ``always`` acts, bets ``against`` its signal
(acts on lower signals only), ``depends`` on more than its signal (its training
observation, or what the contract shares), or ``mixes``. An equilibrium is *inverted*
(Definition 4.5) when firm 2 bets against its signal in some world.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from solvers.game import BayesianGame, action_values

Number = Fraction | float
PATTERNS = ("follows", "inactive", "always", "against", "depends", "mixes")


def _action_probabilities(strategy: Any, cells: np.ndarray, exact: bool) -> np.ndarray:
    values = [Fraction(v) if exact else float(v) for v in strategy]
    return np.array(values, dtype=object if exact else float)[cells]


def expected_values(
    p1: np.ndarray,
    p2: np.ndarray,
    label: np.ndarray,
    value: Callable[[int, int, int], Any],
    exact: bool = True,
) -> np.ndarray:
    """Per row, ``E[v(a1, y, a2)]`` when the firms play action 1 independently with
    probabilities ``p1`` and ``p2`` and the label is ``label``."""
    kind = object if exact else float
    total = np.zeros(len(label), dtype=kind)
    for a1 in (0, 1):
        q1 = p1 if a1 else 1 - p1
        for a2 in (0, 1):
            q2 = p2 if a2 else 1 - p2
            v = np.array([value(a1, 0, a2), value(a1, 1, a2)], dtype=kind)[label]
            total = total + q1 * q2 * v
    return total


def consumer_expectation(
    game: BayesianGame,
    strategy: tuple[Any, Any],
    value: Callable[[int, int, int], Any],
    exact: bool = True,
) -> tuple[Number, tuple[Number, ...]]:
    """``E[v(a1, y, a2)]`` under a profile, in total and per world (unnormalized: the
    per-world entries sum to the total; divide by ``pi(w)`` for the conditional)."""
    play = game.plays
    p1 = _action_probabilities(strategy[0], play.cells[0], exact)
    p2 = _action_probabilities(strategy[1], play.cells[1], exact)
    mass = play.mass if exact else play.mass.astype(float)
    weighted = mass * expected_values(p1, p2, play.label, value, exact)
    zero: Number = Fraction(0) if exact else 0.0
    worlds = len(game.environment.worlds)
    per_world = tuple(sum(weighted[play.world == w], zero) for w in range(worlds))
    if not exact:
        per_world = tuple(float(v) for v in per_world)
    return sum(per_world, zero), per_world


def _trade(a1: int, y: int, a2: int) -> int:
    return int(a1 == 1 or a2 == 1)


def _aligned(game: BayesianGame, exact: bool) -> Callable[[int, int, int], Any]:
    utility = game.environment.utility

    def value(a1: int, y: int, a2: int) -> Any:
        total = utility.ex_post(a1, a2, y) + utility.ex_post(a2, a1, y)
        return total if exact else float(total)

    return value


def is_strict(game: BayesianGame, strategy: tuple[Any, Any]) -> bool:
    """Every cell's best response is unique (compared exactly), component by component
    (the components' payoff arrays are the ones the solvers built)."""
    for component, sub in zip(game.components, game.subgames):
        local = (
            [strategy[0][c] for c in component.cells1],
            [strategy[1][c] for c in component.cells2],
        )
        for f in (0, 1):
            v0, v1 = action_values(sub.sides[f], local[1 - f], exact=True)
            if any(a == b for a, b in zip(v0, v1)):
                return False
    return True


#: Why patterns and inversion are undefined when no positive signal is declared.
NO_POSITIVE_SIGNAL = (
    "no positive signal is declared (the setting or the environment file's positive_signals): "
    "a signal's label says nothing about which one goes with y = 1"
)


def patterns(game: BayesianGame, strategy: tuple[Any, Any]) -> tuple[dict[str, str], ...] | None:
    """Per firm, per world: the pattern the firm plays there (module docstring), reading
    the signals from the least to the most positive; None when the environment declares
    no positive signal (MODEL.md section 9)."""
    env = game.environment
    first, second = env.signal_order(0), env.signal_order(1)
    if first is None or second is None:
        return None
    play = game.plays
    out: tuple[dict[str, str], ...] = ({}, {})
    for f, order in enumerate((first, second)):
        rank = {s: k for k, s in enumerate(order)}
        actions = [Fraction(v) for v in strategy[f]]
        for w, name in enumerate(env.worlds):
            here = play.world == w
            by_signal: dict[int, set[Fraction]] = {}
            for s, c in zip(play.signals[f][here].tolist(), play.cells[f][here].tolist()):
                by_signal.setdefault(rank[s], set()).add(actions[c])
            out[f][name] = _pattern(by_signal)
    return out


def _pattern(by_signal: dict[int, set[Fraction]]) -> str:
    if any(len(values) > 1 for values in by_signal.values()):
        return "depends"
    acts = [next(iter(by_signal[s])) for s in sorted(by_signal)]
    if any(a not in (0, 1) for a in acts):
        return "mixes"
    if all(a == 0 for a in acts):
        return "inactive"
    if all(a == 1 for a in acts):
        return "always"
    if acts == sorted(acts):
        return "follows"
    if acts == sorted(acts, reverse=True):
        return "against"
    return "depends"


@dataclass(frozen=True)
class ConsumerView:
    """The consumer quantities of one equilibrium (module docstring).

    ``offered[a]``: the probability that some firm takes action ``a``; ``by_world``:
    per world, the trade probability and aligned welfare *conditional* on the world.
    """

    trade_probability: Number
    aligned_welfare: Number
    offered: tuple[Number, Number]
    by_world: dict[str, dict[str, Number]]
    strict: bool
    inverted: bool | None
    patterns: tuple[dict[str, str], dict[str, str]] | None

    def opportunity(self, preferred: int = 1, success: Any = 1, failure: Any = 0) -> Number:
        """The opportunity-seeking consumer's expected utility (Lemma 4.2)."""
        if preferred not in (0, 1):
            raise ValueError(f"preferred = {preferred!r}: must be 0 or 1")
        if not failure < success:
            raise ValueError(f"failure = {failure}, success = {success}: need failure < success")
        return failure + (success - failure) * self.offered[preferred]

    def to_dict(self, exact: bool) -> dict[str, Any]:
        """JSON fields of an equilibrium (README, "JSON output")."""
        from contracts import fraction_text

        out: dict[str, Any] = {
            "trade_probability": float(self.trade_probability),
            "aligned_welfare": float(self.aligned_welfare),
            "offered": [float(v) for v in self.offered],
            "strict": self.strict,
            "inverted": self.inverted,
            "patterns": None
            if self.patterns is None
            else {f"firm{f + 1}": dict(self.patterns[f]) for f in (0, 1)},
            "by_world": {
                w: {k: float(v) for k, v in values.items()} for w, values in self.by_world.items()
            },
        }
        if self.patterns is None:
            out["patterns_reason"] = NO_POSITIVE_SIGNAL
        if exact:
            out["trade_probability_exact"] = fraction_text(Fraction(self.trade_probability))
            out["aligned_welfare_exact"] = fraction_text(Fraction(self.aligned_welfare))
        return out


def consumer_view(
    game: BayesianGame, strategy: tuple[Any, Any], exact: bool = True
) -> ConsumerView:
    """The consumer quantities of the profile ``strategy`` of ``game``."""
    env = game.environment
    trade, trade_w = consumer_expectation(game, strategy, _trade, exact)
    aligned, aligned_w = consumer_expectation(game, strategy, _aligned(game, exact), exact)
    offered_zero = consumer_expectation(game, strategy, lambda a1, y, a2: int(0 in (a1, a2)), exact)
    by_world = {
        name: {
            "trade_probability": trade_w[w] / (p if exact else float(p)),
            "aligned_welfare": aligned_w[w] / (p if exact else float(p)),
        }
        for w, (name, p) in enumerate(zip(env.worlds, env.prior))
    }
    shape = patterns(game, strategy)
    inverted = None if shape is None else any(p == "against" for p in shape[1].values())
    return ConsumerView(
        trade, aligned, (offered_zero[0], trade), by_world, is_strict(game, strategy), inverted,
        None if shape is None else (shape[0], shape[1]),
    )  # fmt: skip
