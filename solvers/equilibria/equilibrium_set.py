"""Equilibrium sets of a game and their ex-ante and interim payoffs (MODEL.md section 4).

An :class:`EquilibriumSet` holds the equilibria of each component; the equilibria of the
whole game are their product. Payoffs add up over components, so each component
equilibrium carries its *contribution*: per training observation ``t`` of a firm, the
unnormalized sum ``P(t) * U(s | t)`` over the component's cells with that ``t``.

Profiles give each cell the probability of action 1: 0 or 1 for pure equilibria,
Fractions in [0, 1] for mixed (behavioural) ones.
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
from solvers.equilibria.consumers import ConsumerView, consumer_view
from solvers.equilibria.pure import combine_components
from solvers.game import (
    BayesianGame,
    cell_magnitudes,
    cell_regrets,
    cell_values,
    pure_cell_values,
)

Number = Fraction | float
Contribution = tuple[np.ndarray, np.ndarray]
#: Per firm, per cell: the probability of action 1 (int 0/1 or a Fraction).
Profile = tuple[tuple[Any, ...], tuple[Any, ...]]


@dataclass(frozen=True)
class Equilibrium:
    """One equilibrium of the whole game.

    ``strategy[f][c]``: firm f's probability of action 1 at its cell c (0/1 when pure);
    ``payoff``: ex-ante expected utilities ``(U1, U2)``; ``interim[f]``: ``U_f(s | t_f)``
    per training label of positive probability (normalized by ``P(t_f)``).
    """

    strategy: Profile
    payoff: tuple[Number, Number]
    interim: tuple[dict[str, Number], dict[str, Number]]


def _per_training_label(game: BayesianGame, firm: int, values: np.ndarray, exact: bool) -> Any:
    labels = len(game.environment.training_labels[firm])
    totals = np.full(labels, Fraction(0), dtype=object) if exact else np.zeros(labels)
    np.add.at(totals, np.asarray(game.info.cell_training[firm], dtype=np.int64), values)
    return totals


_ZERO = Fraction(0)


def _is_pure(profile: Profile) -> bool:
    return all(isinstance(v, (int, np.integer)) for part in profile for v in part)


def profile_contribution(
    game: BayesianGame, profile: Profile, exact: bool, integers: bool = True
) -> Contribution:
    """Unnormalized interim payoffs ``P(t_f) U_f(s | t_f)`` of a profile, per label index.

    ``integers`` (exact, pure profiles): summed per label in integers over the side's
    denominator (:func:`solvers.game.pure_cell_values`), one Fraction per label; else (and
    for mixed profiles) in Fractions cell by cell."""
    x, y = profile
    if exact and integers and _is_pure(profile):
        out = []
        for f, (own, other) in enumerate(((x, y), (y, x))):
            values, denominator = pure_cell_values(game.sides[f], own, other)
            sums: dict[int, int] = {}  # a component touches few labels
            for label, value in zip(game.info.cell_training[f], values):
                sums[label] = sums.get(label, 0) + value
            exact_totals = np.full(len(game.environment.training_labels[f]), _ZERO, dtype=object)
            for label, total in sums.items():
                if total:
                    exact_totals[label] = Fraction(total, denominator)
            out.append(exact_totals)
        return out[0], out[1]
    out = [
        _per_training_label(game, f, cell_values(game.sides[f], own, other, exact), exact)
        for f, (own, other) in enumerate(((x, y), (y, x)))
    ]
    return out[0], out[1]


def profile_magnitude(game: BayesianGame, profile: Profile) -> Contribution:
    """:func:`profile_contribution` with every term replaced by its absolute value, in
    float64: the magnitude behind the float path's rounding bounds (solvers.exact.rounding)."""
    x, y = profile
    out = [
        _per_training_label(game, f, cell_magnitudes(game.sides[f], own, other), False)
        for f, (own, other) in enumerate(((x, y), (y, x)))
    ]
    return out[0], out[1]


#: Float64 operations along any path from the exact masses to an entry of a contribution,
#: beyond the two firms' cell counts (conversions, mixing weights, the mixture, the sums).
CONTRIBUTION_OPERATIONS = 12


def profile_regret(game: BayesianGame, profile: Profile, exact: bool) -> Number:
    """The largest gain any cell of either firm could make by changing its action.

    Zero (exactly, in the exact path) if and only if ``profile`` is an equilibrium.
    """
    x, y = profile
    worst: Number = Fraction(0) if exact else 0.0
    for f, (own, other) in enumerate(((x, y), (y, x))):
        regrets = cell_regrets(game.sides[f], own, other, exact)
        if regrets.size:
            worst = max(worst, max(regrets.tolist()))
    return worst


@dataclass(frozen=True)
class EquilibriumSet:
    """Equilibria of a game, component by component, with how they were found.

    ``parts[k]`` lists the equilibria of component k (profiles on its cells). ``exact``
    says which number path computed the payoffs (Fractions or float64); the profiles are
    decided exactly in both. ``kind`` is ``pure`` or ``mixed`` (extreme points of the
    mixed equilibrium set, pure ones included); ``method`` names the solver;
    ``complete`` is True when every equilibrium of that kind is listed; ``continuum`` is
    True when some component has infinitely many (mixed) equilibria, of which the
    extreme points are listed. ``stats`` holds solver details (pivots, moves, statuses).
    ``sizes[k]``, when given, is how many equilibria component k has where that exceeds
    its listing: pure enumeration counts large families of free ties and lists their
    extreme members (solvers.equilibria.pure), which carry every payoff maximum,
    minimum and frontier point of the family; ``listed`` says whether every equilibrium
    is listed.
    """

    game: BayesianGame
    parts: tuple[tuple[Profile, ...], ...]
    exact: bool
    method: str = "enumerate"
    complete: bool = True
    kind: str = "pure"
    continuum: bool = False
    stats: dict[str, Any] = field(default_factory=dict, compare=False)
    sizes: tuple[int, ...] | None = None
    _cache: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def certificate(self) -> Number:
        """Largest best-response gain of any cell in any listed equilibrium (0 certifies
        them all; exact in the exact path)."""
        key = ("certificate", self.exact)
        if key not in self._cache:
            worst: Number = Fraction(0) if self.exact else 0.0
            for sub, part in zip(self.game.subgames, self.parts):
                for profile in part:
                    worst = max(worst, profile_regret(sub, profile, self.exact))
            self._cache[key] = worst
        return self._cache[key]

    def touched_labels(self) -> list[tuple[list[int], list[int]]]:
        """``[k]``: each firm's training labels held by the cells of component k (its
        contributions are zero at every other label)."""
        if "touched" not in self._cache:
            self._cache["touched"] = [
                (sorted(set(sub.info.cell_training[0])), sorted(set(sub.info.cell_training[1])))
                for sub in self.game.subgames
            ]
        return self._cache["touched"]

    @property
    def count(self) -> int:
        """Number of equilibria of the whole game (the product over components)."""
        return prod(self.sizes) if self.sizes is not None else prod(len(p) for p in self.parts)

    @property
    def listed(self) -> bool:
        """Is every equilibrium listed (or are large free-tie families summarized)?"""
        return self.sizes is None or all(n == len(p) for n, p in zip(self.sizes, self.parts))

    @property
    def listed_count(self) -> int:
        """Number of whole-game equilibria :meth:`equilibria` lists without a limit."""
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

    def magnitudes(self) -> list[list[Contribution]]:
        """``[k][e]``: the float64 magnitude of contribution ``[k][e]`` (profile_magnitude)."""
        if "magnitudes" not in self._cache:
            self._cache["magnitudes"] = [
                [profile_magnitude(sub, profile) for profile in part]
                for sub, part in zip(self.game.subgames, self.parts)
            ]
        return self._cache["magnitudes"]

    @property
    def float_operations(self) -> int:
        """Float64 operations along any path to a whole-game float payoff: within a
        component (its cells and CONTRIBUTION_OPERATIONS), then one sum per component."""
        return sum(self.game.sizes) + CONTRIBUTION_OPERATIONS + len(self.parts)

    def profiles(self) -> Iterator[Profile]:
        """Whole-game profiles, in product order."""
        return combine_components(self.game, [list(p) for p in self.parts])

    def equilibria(self, limit: int | None = None) -> list[Equilibrium]:
        """The equilibria of the whole game with their payoffs (at most ``limit`` of them)."""
        indices = _product_indices([len(p) for p in self.parts])
        return [
            self._equilibrium(profile, choice)
            for profile, choice in islice(zip(self.profiles(), indices), limit)
        ]

    def _equilibrium(self, profile: Profile, choice: tuple[int, ...]) -> Equilibrium:
        """The whole-game equilibrium made of equilibrium ``choice[k]`` of each component k."""
        contributions = self.contributions()
        marginals = self.game.info.training_marginals
        labels = self.game.environment.training_labels
        totals = [
            np.sum([contributions[k][e][f] for k, e in enumerate(choice)], axis=0) for f in (0, 1)
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
        return Equilibrium(profile, (payoff[0], payoff[1]), (interim[0], interim[1]))

    def welfare_best(self) -> Equilibrium:
        """The first-listed equilibrium of largest ``U1 + U2``, then largest ``U1``, found
        component by component (both keys add up over components, so the whole game's
        first best is each component's first best)."""
        return self.equilibrium_at(self.welfare_best_index())

    def welfare_best_index(self) -> int:
        """The position of :meth:`welfare_best` in :meth:`equilibria`'s listing."""

        def key(part: list[Contribution], e: int) -> tuple[Any, Any, int]:
            u1, u2 = _total(part[e][0], self.exact), _total(part[e][1], self.exact)
            return (u1 + u2, u1, -e)

        choice = [
            max(range(len(part)), key=lambda e, part=part: key(part, e))  # type: ignore[misc]
            for part in self.contributions()
        ]
        index = 0
        for part, e in zip(self.parts, choice):  # the product's order: the first slowest
            index = index * len(part) + e
        return index

    def equilibrium_at(self, index: int) -> Equilibrium:
        """Equilibrium ``index`` of :meth:`equilibria`'s listing, without listing those
        before it (an index into a product, the first component slowest)."""
        if not 0 <= index < self.listed_count:
            raise ValueError(f"index = {index}: must be in 0..{self.listed_count - 1}")
        choice = []
        for part in reversed(self.parts):
            index, e = divmod(index, len(part))
            choice.append(e)
        choice.reverse()
        profile = next(combine_components(self.game, [[p[e]] for p, e in zip(self.parts, choice)]))
        return self._equilibrium(profile, tuple(choice))

    def payoff_extreme(self, firm: int, best: bool) -> Number:
        """``firm``'s largest (``best``) or smallest ex-ante payoff over the equilibria:
        the sum of the components' extremes (payoffs add up over components)."""
        pick = max if best else min
        zero: Number = Fraction(0) if self.exact else 0.0
        return sum(
            (pick(_total(e[firm], self.exact) for e in part) for part in self.contributions()),
            zero,
        )

    def interim_extremes(self, firm: int, best: bool) -> dict[str, Number]:
        """Per training label of positive probability: ``firm``'s largest (``best``) or
        smallest interim payoff over the equilibria (the sum of the components'
        extremes, normalized)."""
        pick = max if best else min
        contributions = self.contributions()
        marginals = self.game.info.training_marginals[firm]
        labels = self.game.environment.training_labels[firm]
        zero: Number = Fraction(0) if self.exact else 0.0
        return {
            labels[t]: _divide(
                sum((pick(e[firm][t] for e in part) for part in contributions), zero),
                marginals[t],
                self.exact,
            )
            for t in range(len(labels))
            if marginals[t] > 0
        }

    def interim_maxima(self, firm: int) -> dict[str, Number]:
        """Per training label of positive probability: the largest interim payoff of
        ``firm`` over the equilibria."""
        return self.interim_extremes(firm, best=True)

    def consumer_views(self, limit: int | None = None) -> list[ConsumerView]:
        """The consumer quantities of the listed equilibria (MODEL.md section 9), on this
        set's number path; strictness is decided exactly on both. Computed once: the
        views of a shorter listing are a prefix of a longer one's."""
        views: list[ConsumerView] = self._cache.setdefault("consumer_views", [])
        want = self.listed_count if limit is None else min(limit, self.listed_count)
        if len(views) < want:
            for eq in self.equilibria(want)[len(views) :]:
                views.append(consumer_view(self.game, eq.strategy, self.exact))
        return views[:want]

    def to_dict(self, limit: int | None = None) -> dict[str, Any]:
        """JSON form (see README, "JSON output")."""
        names = (self.game.info.cell_names(0), self.game.info.cell_names(1))
        listed = []
        views = self.consumer_views(limit)
        for eq, view in zip(self.equilibria(limit), views):
            item: dict[str, Any] = {
                "payoff": [float(u) for u in eq.payoff],
                "interim": {
                    f"firm{f + 1}": {t: float(u) for t, u in eq.interim[f].items()} for f in (0, 1)
                },
                "strategy": {f"firm{f + 1}": dict(zip(names[f], eq.strategy[f])) for f in (0, 1)},
                **view.to_dict(self.exact),
            }
            if self.kind == "mixed":
                item["strategy"] = {
                    firm: {cell: _probability(a) for cell, a in actions.items()}
                    for firm, actions in item["strategy"].items()
                }
            if self.exact:
                item["payoff_exact"] = [fraction_text(Fraction(u)) for u in eq.payoff]
                if self.kind == "mixed":
                    item["strategy_exact"] = {
                        f"firm{f + 1}": {
                            n: fraction_text(Fraction(a)) for n, a in zip(names[f], eq.strategy[f])
                        }
                        for f in (0, 1)
                    }
                item["interim_exact"] = {
                    f"firm{f + 1}": {
                        t: fraction_text(Fraction(u)) for t, u in eq.interim[f].items()
                    }
                    for f in (0, 1)
                }
            listed.append(item)
        certificate = self.certificate()
        summary: dict[str, Any] = {
            "equilibrium_count": self.count,
            "complete": self.complete,
            "listed": self.listed,
            "kind": self.kind,
            "method": self.method,
            "continuum": self.continuum,
            "certificate": float(certificate),
            "stats": {k: v for k, v in sorted(self.stats.items())},
            "components": len(self.parts),
            "cells": list(self.game.sizes),
            "equilibria": listed,
        }
        if self.exact:
            summary["certificate_exact"] = fraction_text(Fraction(certificate))
        return summary


def _product_indices(sizes: list[int]) -> Iterator[tuple[int, ...]]:
    return product(*(range(n) for n in sizes))


def _probability(value: Any) -> int | float:
    """JSON number of a probability: 0 and 1 as integers, others as floats."""
    return int(value) if value in (0, 1) else float(value)


def _divide(value: Number, mass: Fraction, exact: bool) -> Number:
    return value / mass if exact else float(value) / float(mass)


def _total(values: np.ndarray, exact: bool) -> Number:
    return sum(values.tolist(), Fraction(0)) if exact else float(values.sum())
