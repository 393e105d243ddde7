"""Parameter regions: exact sample points from a quasi-random design, and shrinking.

A :class:`Box` is a product of intervals with rational ends. Sample points come from a
scrambled Sobol sequence with a fixed seed (so every run checks the same points), each
coordinate rounded to a rational with a bounded denominator inside the open interval.
A counterexample is *shrunk* by replacing each coordinate, in turn, by the simplest
rational (smallest denominator) that keeps it a counterexample.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction

Point = dict[str, Fraction]

#: Sample points per region claim by default.
DEFAULT_SAMPLES = 256
#: Most sample points per region claim (a full run at this size takes hours, not forever).
MAX_SAMPLES = 4096


@dataclass(frozen=True)
class Box:
    """Open intervals ``(low, high)`` per named parameter; ``fixed`` values ride along."""

    intervals: tuple[tuple[str, Fraction, Fraction], ...]
    fixed: tuple[tuple[str, Fraction], ...] = ()

    @classmethod
    def of(cls, fixed: dict[str, object] | None = None, **intervals: tuple[object, object]) -> Box:
        return cls(
            tuple((k, Fraction(str(a)), Fraction(str(b))) for k, (a, b) in intervals.items()),
            tuple((k, Fraction(str(v))) for k, v in (fixed or {}).items()),
        )

    def contains(self, point: Point) -> bool:
        return all(low < point[k] < high for k, low, high in self.intervals)

    def describe(self) -> str:
        parts = [f"{k} in ({_short(a)}, {_short(b)})" for k, a, b in self.intervals]
        parts += [f"{k} = {_short(v)}" for k, v in self.fixed]
        return ", ".join(parts)


def _short(value: Fraction) -> str:
    return str(value) if value.denominator <= 10_000 else f"{float(value):.6g}"


def sample_points(
    box: Box, count: int, seed: int = 20241128, denominator: int = 10_000
) -> Iterator[Point]:
    """``count`` exact points inside the box, from a scrambled Sobol design (fixed seed)."""
    if not box.intervals:
        yield dict(box.fixed)
        return
    from scipy.stats import qmc  # scipy.stats takes 0.4 s to import: only when sampling

    sampler = qmc.Sobol(d=len(box.intervals), scramble=True, seed=seed)
    power = max(0, (count - 1).bit_length())  # Sobol points come in powers of two
    for row in sampler.random_base2(power)[:count]:
        point = dict(box.fixed)
        for u, (name, low, high) in zip(row, box.intervals):
            value = low + (high - low) * Fraction(round(u * denominator), denominator)
            if not low < value < high:  # rounding hit an end: step inside
                value = (
                    low + (high - low) * Fraction(1, 2 * denominator)
                    if value <= low
                    else high - (high - low) * Fraction(1, 2 * denominator)
                )
            point[name] = value
        yield point


def simplest_between(low: Fraction, high: Fraction) -> Fraction:
    """The rational of smallest denominator strictly between ``low < high`` (Stern-Brocot).

    >>> simplest_between(Fraction(1, 3), Fraction(1, 2))
    Fraction(2, 5)
    >>> simplest_between(Fraction(7, 10), Fraction(3, 4))
    Fraction(5, 7)
    """
    floor = low.numerator // low.denominator
    if Fraction(floor + 1) < high:
        return Fraction(floor + 1)
    if floor > low:  # pragma: no cover - floor <= low always
        return Fraction(floor)
    # low and high share the integer part: recurse on the reciprocals of the fractional parts
    frac_low, frac_high = low - floor, high - floor
    if frac_low == 0:
        inner = simplest_between(1 / frac_high, Fraction(10**12))
    else:
        inner = simplest_between(1 / frac_high, 1 / frac_low)
    return floor + 1 / inner


def shrink(point: Point, box: Box, fails: Callable[[Point], bool], rounds: int = 2) -> Point:
    """A simpler counterexample: each free coordinate replaced, while ``fails`` stays true,
    by the simplest rational in shrinking windows around it (inside the box)."""
    current = dict(point)
    for _ in range(rounds):
        for name, low, high in box.intervals:
            value = current[name]
            for width in (
                high - low,
                (high - low) / 4,
                (high - low) / 16,
                (high - low) / 256,
                (high - low) / 4096,
            ):
                a, b = max(low, value - width / 2), min(high, value + width / 2)
                candidate = simplest_between(a, b) if a < b else value
                if candidate == value:
                    continue
                trial = dict(current)
                trial[name] = candidate
                if box.contains(trial) and fails(trial):
                    current = trial
                    break
    return current
