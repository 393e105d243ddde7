"""A reference implementation of MODEL.md sections 2-4, written from the text alone.

It shares no code with the engine's information cells, utility or game: realizations
come from the environment's raw input tables; what a firm observes is read from the
*names* of a contract's flows (MODEL.md section 3: ``model2>1`` passes firm 2's model to
firm 1, so firm 1 also sees ``t2``); the exclusive payoff and the split rule are coded
again from section 2. A firm's strategy is a dict from its observation (a frozenset of
``(coordinate, label)`` pairs) to its probability of action 1.

Engine profiles are translated into this form through the engine's printed cell names
(``t1=0,t2=1,s1=1``): if the engine observes the wrong coordinates, its cells cannot be
matched to the reference's observations and every test built on this module fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction
from itertools import product
from typing import Any

ALL_FLOWS = frozenset({"model1>2", "model2>1", "pred1>2", "pred2>1"})
NAMED = {
    "no": frozenset(),
    "train": frozenset({"model1>2", "model2>1"}),
    "infer": frozenset({"pred1>2", "pred2>1"}),
    "full": ALL_FLOWS,
}
Observation = frozenset


def flows(contract_name: str) -> frozenset[str]:
    """The flows a contract name stands for (MODEL.md section 3)."""
    return NAMED[contract_name] if contract_name in NAMED else frozenset(contract_name.split("+"))


def observation(firm: int, contract_name: str, t1: str, t2: str, s1: str, s2: str) -> Observation:
    """What ``firm`` (1 or 2) observes: its own model and signal, plus the other firm's
    model if that model is passed to it and the other's signal if its predictions are."""
    passed = flows(contract_name)
    if firm == 1:
        seen = {("t1", t1), ("s1", s1)}
        if "model2>1" in passed:
            seen.add(("t2", t2))
        if "pred2>1" in passed:
            seen.add(("s2", s2))
    else:
        seen = {("t2", t2), ("s2", s2)}
        if "model1>2" in passed:
            seen.add(("t1", t1))
        if "pred1>2" in passed:
            seen.add(("s1", s1))
    return frozenset(seen)


def realizations(env: Any) -> Iterator[tuple[Fraction, str, str, int, str, str]]:
    """``(mass, t1, t2, y, s1, s2)`` of positive mass: prior x training x inference."""
    t1s, t2s = env.training_labels
    s1s, s2s = env.signal_labels
    for prior, training, inference in zip(env.prior, env.training, env.inference):
        for i1, i2 in product(range(len(t1s)), range(len(t2s))):
            for y, j1, j2 in product((0, 1), range(len(s1s)), range(len(s2s))):
                mass = prior * training[i1][i2] * inference[y][j1][j2]
                if mass:
                    yield mass, t1s[i1], t2s[i2], y, s1s[j1], s2s[j2]


def exclusive_payoff(env: Any, action: int, label: int) -> Fraction:
    """R_a when the action matches the label, -C_a otherwise (MODEL.md section 2)."""
    u = env.utility
    reward = u.reward1 if action == 1 else u.reward0
    cost = u.cost1 if action == 1 else u.cost0
    return reward if action == label else -cost


def ex_post(env: Any, own: int, other: int, label: int) -> Fraction:
    """A firm's payoff: the exclusive payoff, halved when both firms take the same action."""
    value = exclusive_payoff(env, own, label)
    return value / 2 if own == other else value


def observations(env: Any, contract_name: str) -> tuple[list[Observation], list[Observation]]:
    """Each firm's observations of positive probability, in a fixed order."""
    seen: tuple[dict, dict] = ({}, {})
    for _, t1, t2, _, s1, s2 in realizations(env):
        for firm in (1, 2):
            seen[firm - 1].setdefault(observation(firm, contract_name, t1, t2, s1, s2), None)
    return list(seen[0]), list(seen[1])


def payoffs(env: Any, contract_name: str, strategy: tuple[dict, dict]) -> tuple[Fraction, Fraction]:
    """Ex-ante payoffs of a (pure or behavioural) profile, realization by realization."""
    totals = [Fraction(0), Fraction(0)]
    for mass, t1, t2, y, s1, s2 in realizations(env):
        p1 = Fraction(strategy[0][observation(1, contract_name, t1, t2, s1, s2)])
        p2 = Fraction(strategy[1][observation(2, contract_name, t1, t2, s1, s2)])
        for a1, w1 in ((1, p1), (0, 1 - p1)):
            for a2, w2 in ((1, p2), (0, 1 - p2)):
                if w1 and w2:
                    totals[0] += mass * w1 * w2 * ex_post(env, a1, a2, y)
                    totals[1] += mass * w1 * w2 * ex_post(env, a2, a1, y)
    return totals[0], totals[1]


def interim_payoffs(
    env: Any, contract_name: str, strategy: tuple[dict, dict]
) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    """``U_f(s | t_f)`` per training label of positive probability (MODEL.md section 4)."""
    sums: tuple[dict, dict] = ({}, {})
    masses: tuple[dict, dict] = ({}, {})
    for mass, t1, t2, y, s1, s2 in realizations(env):
        p1 = Fraction(strategy[0][observation(1, contract_name, t1, t2, s1, s2)])
        p2 = Fraction(strategy[1][observation(2, contract_name, t1, t2, s1, s2)])
        for firm, own_t in ((0, t1), (1, t2)):
            masses[firm][own_t] = masses[firm].get(own_t, Fraction(0)) + mass
            value = Fraction(0)
            for a1, w1 in ((1, p1), (0, 1 - p1)):
                for a2, w2 in ((1, p2), (0, 1 - p2)):
                    own, other = (a1, a2) if firm == 0 else (a2, a1)
                    value += w1 * w2 * ex_post(env, own, other, y)
            sums[firm][own_t] = sums[firm].get(own_t, Fraction(0)) + mass * value
    return (
        {t: sums[0][t] / masses[0][t] for t in sums[0]},
        {t: sums[1][t] / masses[1][t] for t in sums[1]},
    )


def regret(env: Any, contract_name: str, strategy: tuple[dict, dict]) -> Fraction:
    """Largest gain of a firm from changing its action at one observation (ex-ante payoffs
    are additive over a firm's observations, so zero means an equilibrium)."""
    base = payoffs(env, contract_name, strategy)
    worst = Fraction(0)
    for firm in (0, 1):
        for obs in strategy[firm]:
            for action in (0, 1):
                changed = (dict(strategy[0]), dict(strategy[1]))
                changed[firm][obs] = action
                worst = max(worst, payoffs(env, contract_name, changed)[firm] - base[firm])
    return worst


def pure_equilibria(env: Any, contract_name: str) -> list[tuple[dict, dict]]:
    """Every pure equilibrium by brute force over all profiles (tiny games only)."""
    obs1, obs2 = observations(env, contract_name)
    found = []
    for a1 in product((0, 1), repeat=len(obs1)):
        for a2 in product((0, 1), repeat=len(obs2)):
            strategy = (dict(zip(obs1, a1)), dict(zip(obs2, a2)))
            if regret(env, contract_name, strategy) == 0:
                found.append(strategy)
    return found


def parse_cell_name(name: str) -> Observation:
    """``"t1=0,t2=1,s1=1"`` -> its observation (labels may hold commas: ``t1=(A,0)``)."""
    return frozenset(tuple(part.split("=", 1)) for part in re.split(r",(?=[ts][12]=)", name))


def from_engine(info: Any, profile: Any) -> tuple[dict, dict]:
    """An engine profile (per engine cell) as a reference strategy (per observation)."""
    return tuple(
        {parse_cell_name(info.cell_name(f, c)): a for c, a in enumerate(profile[f])} for f in (0, 1)
    )


def canonical(strategy: tuple[dict, dict]) -> tuple[frozenset, frozenset]:
    """A hashable form of a reference strategy, for comparing sets of equilibria."""
    return frozenset(strategy[0].items()), frozenset(strategy[1].items())
