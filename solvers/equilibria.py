"""Equilibrium sets of a game and their ex-ante and interim payoffs (spec section 4).

An :class:`EquilibriumSet` holds the equilibria of each component; the equilibria of the
whole game are their product. Payoffs add up over components, so each component
equilibrium carries its *contribution*: per training observation ``t`` of a firm, the
unnormalized sum ``P(t) * U(s | t)`` over the component's cells with that ``t``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import islice, product
from math import prod
from typing import Any

import numpy as np

from contracts import fraction_text
from solvers.game import BayesianGame, cell_values
from solvers.pure import Profile, combine_components, component_pure_equilibria

Number = Fraction | float
Contribution = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Equilibrium:
    """One equilibrium of the whole game.

    ``strategy[f][c]``: firm f's action (0/1) at its cell c; ``payoff``: ex-ante expected
    utilities ``(U1, U2)``; ``interim[f]``: ``U_f(s | t_f)`` per training label of
    positive probability (normalized by ``P(t_f)``).
    """

    strategy: Profile
    payoff: tuple[Number, Number]
    interim: tuple[dict[str, Number], dict[str, Number]]


def profile_contribution(game: BayesianGame, profile: Profile, exact: bool) -> Contribution:
    """Unnormalized interim payoffs ``P(t_f) U_f(s | t_f)`` of a profile, per label index."""
    x, y = (np.asarray(a, dtype=np.int8) for a in profile)
    out = []
    for f, (own, other) in enumerate(((x, y), (y, x))):
        values = cell_values(game.sides[f], own, other, exact)
        labels = len(game.environment.training_labels[f])
        totals = np.full(labels, Fraction(0), dtype=object) if exact else np.zeros(labels)
        np.add.at(totals, np.asarray(game.info.cell_training[f], dtype=np.int64), values)
        out.append(totals)
    return out[0], out[1]


@dataclass(frozen=True)
class EquilibriumSet:
    """The pure equilibria of a game, component by component.

    ``parts[k]`` lists the equilibria of component k (profiles on its cells). ``exact``
    says which number path computed the payoffs (Fractions or float64); the set of
    profiles is the same in both. ``complete`` is True when every equilibrium is listed.
    """

    game: BayesianGame
    parts: tuple[tuple[Profile, ...], ...]
    exact: bool
    method: str = "enumerate"
    complete: bool = True
    _cache: dict[bool, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def count(self) -> int:
        """Number of equilibria of the whole game (the product over components)."""
        return prod(len(p) for p in self.parts)

    def contributions(self, exact: bool | None = None) -> list[list[Contribution]]:
        """``[k][e]``: the contribution of equilibrium e of component k (module docstring)."""
        exact = self.exact if exact is None else exact
        if exact not in self._cache:
            self._cache[exact] = [
                [profile_contribution(sub, profile, exact) for profile in part]
                for sub, part in zip(self.game.subgames, self.parts)
            ]
        return self._cache[exact]

    def profiles(self) -> Iterator[Profile]:
        """Whole-game profiles, in product order."""
        return combine_components(self.game, [list(p) for p in self.parts])

    def equilibria(self, limit: int | None = None) -> list[Equilibrium]:
        """The equilibria of the whole game with their payoffs (at most ``limit`` of them)."""
        contributions = self.contributions()
        marginals = self.game.info.training_marginals
        labels = self.game.environment.training_labels
        result = []
        indices = _product_indices([len(p) for p in self.parts])
        for profile, choice in islice(zip(self.profiles(), indices), limit):
            totals = [
                np.sum([contributions[k][e][f] for k, e in enumerate(choice)], axis=0)
                for f in (0, 1)
            ]
            interim = tuple(
                {
                    labels[f][t]: _divide(totals[f][t], marginals[f][t], self.exact)
                    for t in range(len(labels[f]))
                    if marginals[f][t] > 0
                }
                for f in (0, 1)
            )
            payoff = tuple(_total(totals[f], self.exact) for f in (0, 1))
            result.append(Equilibrium(profile, (payoff[0], payoff[1]), (interim[0], interim[1])))
        return result

    def to_dict(self, limit: int | None = None) -> dict[str, Any]:
        """JSON form (see README, "JSON output")."""
        names = (self.game.info.cell_names(0), self.game.info.cell_names(1))
        listed = []
        for eq in self.equilibria(limit):
            item: dict[str, Any] = {
                "payoff": [float(u) for u in eq.payoff],
                "interim": {
                    f"firm{f + 1}": {t: float(u) for t, u in eq.interim[f].items()} for f in (0, 1)
                },
                "strategy": {f"firm{f + 1}": dict(zip(names[f], eq.strategy[f])) for f in (0, 1)},
            }
            if self.exact:
                item["payoff_exact"] = [fraction_text(Fraction(u)) for u in eq.payoff]
                item["interim_exact"] = {
                    f"firm{f + 1}": {
                        t: fraction_text(Fraction(u)) for t, u in eq.interim[f].items()
                    }
                    for f in (0, 1)
                }
            listed.append(item)
        return {
            "equilibrium_count": self.count,
            "complete": self.complete,
            "method": self.method,
            "components": len(self.parts),
            "cells": list(self.game.sizes),
            "equilibria": listed,
        }


def _product_indices(sizes: list[int]) -> Iterator[tuple[int, ...]]:
    return product(*(range(n) for n in sizes))


def _divide(value: Number, mass: Fraction, exact: bool) -> Number:
    return value / mass if exact else float(value) / float(mass)


def _total(values: np.ndarray, exact: bool) -> Number:
    return sum(values.tolist(), Fraction(0)) if exact else float(values.sum())


def pure_equilibria(game: BayesianGame, exact: bool = False) -> EquilibriumSet:
    """Every pure BNE of ``game``, each once (spec section 4), solved component by component.

    ``exact`` selects the number path of the payoffs (Fractions or float64); the
    equilibrium profiles are decided exactly in both.
    """
    parts = tuple(tuple(component_pure_equilibria(sub, exact)) for sub in game.subgames)
    return EquilibriumSet(game, parts, exact)
