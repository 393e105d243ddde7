"""The firms' utility with the split rule (MODEL.md section 2)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from math import lcm

from contracts.numbers import NumberLike, format_number, to_fraction


@dataclass(frozen=True)
class Utility:
    """Rewards and costs of the two actions (MODEL.md section 2).

    The exclusive payoff of action ``a`` when the label is ``y`` is ``R_a`` if ``a == y``
    and ``-C_a`` otherwise; a firm gets it whole if it acts alone and half of it when
    both firms take the same action.

    >>> u = Utility.significant_action(reward=1, cost=1)
    >>> u.exclusive_payoff(1, 0), u.ex_post(1, 1, 1)
    (Fraction(-1, 1), Fraction(1, 2))
    """

    reward0: Fraction
    reward1: Fraction
    cost0: Fraction
    cost1: Fraction

    def __post_init__(self) -> None:
        for name in ("reward0", "reward1", "cost0", "cost1"):
            value = to_fraction(getattr(self, name), f"utility.{name}")
            if value < 0:
                raise ValueError(f"utility.{name} = {format_number(value)}: must be nonnegative")
            object.__setattr__(self, name, value)

    @classmethod
    def matching(cls) -> Utility:
        """R0 = R1 = 1, C0 = C1 = 0: right alone 1, both right 1/2 each, wrong 0."""
        return cls(Fraction(1), Fraction(1), Fraction(0), Fraction(0))

    @classmethod
    def significant_action(cls, reward: NumberLike, cost: NumberLike) -> Utility:
        """R0 = C0 = 0: action 0 is safe; action 1 earns ``reward`` or loses ``cost``."""
        return cls(
            Fraction(0), to_fraction(reward, "reward"), Fraction(0), to_fraction(cost, "cost")
        )

    def exclusive_payoff(self, action: int, label: int) -> Fraction:
        """E(a, y) of MODEL.md section 2."""
        if action == label:
            return self.reward1 if action == 1 else self.reward0
        return -(self.cost1 if action == 1 else self.cost0)

    @cached_property
    def integer_payoffs(self) -> tuple[tuple[tuple[int, int], tuple[int, int]], int]:
        """``(E, q)``: ``E[a][y] = q * E(a, y)`` as integers over the least common
        denominator ``q`` of the four exclusive payoffs (the game is built in integers)."""
        exact = [[self.exclusive_payoff(a, y) for y in (0, 1)] for a in (0, 1)]
        q = lcm(*(e.denominator for row in exact for e in row))
        ints = [(int(row[0] * q), int(row[1] * q)) for row in exact]
        return (ints[0], ints[1]), q

    def ex_post(self, own_action: int, other_action: int, label: int) -> Fraction:
        """A firm's ex-post utility: E(a, y), halved when both take the same action."""
        payoff = self.exclusive_payoff(own_action, label)
        return payoff / 2 if own_action == other_action else payoff

    def scaled(self, factor: NumberLike) -> Utility:
        """All four parameters multiplied by a positive ``factor``."""
        k = to_fraction(factor, "factor")
        if k <= 0:
            raise ValueError(f"factor = {format_number(k)}: must be positive")
        return Utility(self.reward0 * k, self.reward1 * k, self.cost0 * k, self.cost1 * k)

    def as_dict(self) -> dict[str, Fraction]:
        return {"R0": self.reward0, "R1": self.reward1, "C0": self.cost0, "C1": self.cost1}
