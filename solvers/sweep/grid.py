"""What a sweep covers: each parameter a value, a keyword or a range; the grid product or
a seeded random sample of the box; and every point's float and exact values.

A range ``LO:HI:N`` holds N evenly spaced values, end points included, computed exactly
(``LO + (HI - LO) k / (N - 1)`` in Fractions; the float column is its nearest double).
``LO:HI:N:log`` spaces them evenly in log scale; its inner points are irrational, so the
exact point is the double itself. With ``random`` the box is sampled uniformly (log-
uniformly on log ranges) and the exact point is the sampled double. Points are numbered
in the grid's C order over the swept parameters in the family's parameter order, so
the numbering does not depend on the order in which options were given.

Random draws are made in blocks of ``RANDOM_BLOCK`` points, block b from the generator
seeded ``[seed, b]``, so any chunking (a multiple of the block) draws the same points.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache, partial
from math import prod
from typing import Any

import numpy as np

from contracts import Environment
from contracts.numbers import format_number, to_fraction
from contracts.settings import RHO_KEYWORDS, resolve_rho
from solvers.sweep.family import CorrelationFamily, HypothesesFamily, SettingFamily

#: Points drawn from one seeded generator in random mode (chunks are multiples of it).
RANDOM_BLOCK = 4096
#: Most points of one sweep, and most values of one range.
MAX_POINTS = 10**10
MAX_RANGE_COUNT = 10**7

PRIOR_KEYWORDS = ("rest",)


@dataclass(frozen=True)
class Axis:
    """A swept parameter: ``count`` values from ``low`` to ``high`` (both included)."""

    name: str
    low: Fraction
    high: Fraction
    count: int
    log: bool = False

    def exact_values(self) -> list[Fraction]:
        """The values as exact numbers (log ranges: the doubles, with exact end points)."""
        return _exact_values(self)

    def float_values(self) -> np.ndarray:
        """The values as doubles (each the nearest to its exact value)."""
        return _float_values(self)

    def _compute(self) -> list[Fraction]:
        if self.log:
            inner = np.exp(
                np.linspace(np.log(float(self.low)), np.log(float(self.high)), self.count)
            )
            values = [Fraction(float(v)) for v in inner]
            values[0], values[-1] = self.low, self.high
            return values
        step = (self.high - self.low) / (self.count - 1)
        return [self.low + step * k for k in range(self.count)]

    def sample(self, generator: np.random.Generator, size: int) -> np.ndarray:
        """``size`` uniform (log-uniform) draws in [low, high]."""
        u = generator.random(size)
        if self.log:
            low, high = np.log(float(self.low)), np.log(float(self.high))
            return np.exp(low + (high - low) * u)
        return float(self.low) + (float(self.high) - float(self.low)) * u

    def text(self) -> str:
        return f"{format_number(self.low)}:{format_number(self.high)}:{self.count}" + (
            ":log" if self.log else ""
        )


@lru_cache(maxsize=64)
def _exact_values(axis: Axis) -> list[Fraction]:
    return axis._compute()


@lru_cache(maxsize=64)
def _float_values(axis: Axis) -> np.ndarray:
    return np.array([float(v) for v in _exact_values(axis)])


def parse_value(text: Any, name: str, keywords: tuple[str, ...] = ()) -> Fraction | str | Axis:
    """A parameter given as a number, one of ``keywords``, or a range ``LO:HI:N[:log]``.

    >>> parse_value("0.5:1:3", "alpha")
    Axis(name='alpha', low=Fraction(1, 2), high=Fraction(1, 1), count=3, log=False)
    >>> parse_value("indep", "rho1", ("indep",))
    'indep'
    """
    if isinstance(text, Axis):
        return text
    if isinstance(text, str) and text.strip().lower() in keywords:
        return text.strip().lower()
    if not isinstance(text, str) or ":" not in text:
        return to_fraction(text, name)
    parts = [p.strip() for p in text.split(":")]
    log = len(parts) == 4 and parts[3].lower() == "log"
    if len(parts) not in (3, 4) or (len(parts) == 4 and not log):
        raise ValueError(f"{name} = {text!r}: a range must be LO:HI:N or LO:HI:N:log")
    low, high = to_fraction(parts[0], f"{name} (LO)"), to_fraction(parts[1], f"{name} (HI)")
    if not parts[2].isdigit() or len(parts[2]) > 9:
        raise ValueError(f"{name} = {text!r}: N = {parts[2]!r} must be a whole number")
    count = int(parts[2])
    if count == 0:
        raise ValueError(f"{name} = {text!r}: N = 0, a range must hold at least 2 values")
    if count == 1:
        raise ValueError(f"{name} = {text!r}: N = 1; give a single value instead of a range")
    if count > MAX_RANGE_COUNT:
        raise ValueError(f"{name} = {text!r}: N = {count} exceeds the limit {MAX_RANGE_COUNT}")
    if low > high:
        raise ValueError(
            f"{name} = {text!r}: LO > HI ({format_number(low)} > {format_number(high)})"
        )
    if low == high:
        raise ValueError(f"{name} = {text!r}: empty range, LO = HI; give a single value instead")
    if log and low <= 0:
        raise ValueError(f"{name} = {text!r}: a log range needs LO > 0")
    return Axis(name, low, high, count, log)


def family_for(setting: str, worlds: int = 2, one_sample: bool = False) -> SettingFamily:
    """The family of a built-in setting by name: ``correlation`` or ``hypotheses``."""
    if setting == "correlation":
        return CorrelationFamily(worlds)
    if setting == "hypotheses":
        return HypothesesFamily(one_sample)
    raise ValueError(f"setting = {setting!r}: must be 'correlation' or 'hypotheses'")


@dataclass(frozen=True)
class SweepSpec:
    """A sweep over one family: every parameter fixed, a keyword or an :class:`Axis`.

    Build it with :func:`sweep_spec`. ``size`` is the number of points; :meth:`values`
    gives the float columns of a run of points and :meth:`exact_point` one point exactly.
    """

    family: SettingFamily
    settings: dict[str, Fraction | str | Axis]
    random: int | None = None
    seed: int = 0
    axes: tuple[Axis, ...] = field(init=False)

    def __post_init__(self) -> None:
        axes = tuple(v for v in self.settings.values() if isinstance(v, Axis))
        object.__setattr__(self, "axes", axes)

    @property
    def size(self) -> int:
        return self.random if self.random is not None else prod(a.count for a in self.axes)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(a.count for a in self.axes)

    def describe(self) -> dict[str, Any]:
        """JSON form of the sweep (the sidecar's ``sweep`` entry and the resume check)."""
        return {
            "setting": self.family.name,
            "family": _family_key(self.family),
            "parameters": {
                k: v.text()
                if isinstance(v, Axis)
                else v
                if isinstance(v, str)
                else format_number(v)
                for k, v in self.settings.items()
            },
            "random": self.random,
            "seed": self.seed if self.random is not None else None,
            "points": self.size,
        }

    # ------------------------------------------------------------------ points
    def _grid_index(self, start: int, stop: int) -> tuple[np.ndarray, ...]:
        """Each axis's value index of grid points ``start..stop-1`` (none when nothing is
        swept: the grid is then one point)."""
        if not self.axes:
            return ()
        return np.unravel_index(np.arange(start, stop, dtype=np.int64), self.shape)

    def _swept(self, start: int, stop: int) -> dict[str, np.ndarray]:
        if self.random is None:
            index = self._grid_index(start, stop)
            return {axis.name: axis.float_values()[k] for axis, k in zip(self.axes, index)}
        draws: dict[str, list[np.ndarray]] = {a.name: [] for a in self.axes}
        for block in range(start // RANDOM_BLOCK, (stop - 1) // RANDOM_BLOCK + 1):
            generator = np.random.default_rng([self.seed, block])
            first = block * RANDOM_BLOCK
            count = min(RANDOM_BLOCK, self.size - first)
            sample = {a.name: a.sample(generator, count) for a in self.axes}
            lo, hi = max(start, first) - first, min(stop, first + count) - first
            for name, values in sample.items():
                draws[name].append(values[lo:hi])
        return {k: np.concatenate(v) for k, v in draws.items()}

    def values(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Float columns of every parameter for points ``start..stop-1``."""
        n = stop - start
        swept = self._swept(start, stop)
        out: dict[str, np.ndarray] = {}
        for name in self.family.parameters:
            setting = self.settings[name]
            if isinstance(setting, Axis):
                out[name] = swept[name]
            elif not isinstance(setting, str):
                out[name] = np.full(n, float(setting))
        for name in self.family.parameters:
            setting = self.settings[name]
            if isinstance(setting, str):
                out[name] = self._keyword_column(name, setting, start, stop)
        return {name: out[name] for name in self.family.parameters}

    def _keyword_column(self, name: str, keyword: str, start: int, stop: int) -> np.ndarray:
        """A keyword parameter's column (``indep``, ``max``, ``min``, ``rest``): each value
        the nearest double to the keyword resolved exactly at the point's exact
        parameters, computed once per distinct combination of the parameters it reads."""
        inputs = [p for p in self.family.parameters
                  if p != name and (p in ("alpha", "beta") if name.startswith("rho")
                                    else p.startswith("prior"))]  # fmt: skip
        n = stop - start
        codes: list[np.ndarray] = []
        decoders: list[Callable[[Any], Fraction]] = []
        index = self._grid_index(start, stop) if self.random is None else None
        swept = self._swept(start, stop) if self.random is not None else {}
        for p in inputs:
            setting = self.settings[p]
            if isinstance(setting, Axis) and index is not None:
                k = index[[a.name for a in self.axes].index(p)]
                codes.append(k.astype(np.float64))
                decoders.append(partial(_axis_value, setting))
            elif isinstance(setting, Axis):
                codes.append(swept[p])
                decoders.append(_double_value)
            else:
                codes.append(np.zeros(n))
                assert not isinstance(setting, str)  # the inputs of a keyword are numbers
                decoders.append(partial(_fixed_value, setting))
        if not codes:
            return np.full(n, float(_resolve_exact(name, keyword, {}, self.family)))
        if all(d is _double_value or _is_double(d) for d in decoders):
            # every input is a double (random draws, fixed doubles): resolved in float,
            # each value correctly rounded, so equal to the exact keyword's nearest double
            doubles = [c if d is _double_value else np.full(n, float(d(0)))
                       for c, d in zip(codes, decoders)]  # fmt: skip
            return _keyword_of_doubles(name, keyword, dict(zip(inputs, doubles)))
        rows, inverse = np.unique(np.stack(codes, axis=1), axis=0, return_inverse=True)
        resolved = np.array([
            float(_resolve_exact(name, keyword, {p: d(c) for p, d, c in zip(inputs, decoders, row)},
                                 self.family))
            for row in rows
        ])  # fmt: skip
        return resolved[inverse.reshape(-1)]

    def exact_point(self, i: int) -> dict[str, Fraction]:
        """Every parameter of point ``i`` as an exact number (keywords resolved exactly)."""
        out: dict[str, Fraction] = {}
        if self.random is None:
            index = np.unravel_index(i, self.shape)
            swept = {a.name: a.exact_values()[int(k)] for a, k in zip(self.axes, index)}
        else:
            swept = {k: Fraction(float(v[0])) for k, v in self._swept(i, i + 1).items()}
        for name in self.family.parameters:
            setting = self.settings[name]
            if isinstance(setting, Axis):
                out[name] = swept[name]
            elif not isinstance(setting, str):
                out[name] = setting
        for name in self.family.parameters:
            setting = self.settings[name]
            if isinstance(setting, str):
                out[name] = _resolve_exact(name, setting, out, self.family)
        return out

    def environment(self, i: int) -> Environment:
        """The exact environment of point ``i`` (ValueError if it is infeasible)."""
        return self.family.environment(self.exact_point(i))

    def feasible(self, start: int, stop: int, values: Mapping[str, np.ndarray]) -> np.ndarray:
        """Which points of ``start..stop-1`` are feasible: decided in float away from the
        boundary, by building the exact environment near it."""
        slack = _slack(self, values)
        feasible = slack > 1e-9
        for k in np.nonzero(np.abs(slack) <= 1e-9)[0]:
            feasible[k] = self.infeasibility(start + int(k)) is None
        return feasible

    def infeasibility(self, i: int) -> str | None:
        """Why point ``i`` is infeasible (the model's own message), or None."""
        try:
            self.environment(i)
        except ValueError as error:
            return str(error)
        return None

    def point_text(self, i: int) -> str:
        """``alpha=1/2, beta=9/10`` for the swept parameters of point ``i``."""
        point = self.exact_point(i)
        return ", ".join(f"{a.name}={format_number(point[a.name])}" for a in self.axes)


def _family_key(family: SettingFamily) -> dict[str, Any]:
    if isinstance(family, CorrelationFamily):
        return {"worlds": family.worlds}
    return {"one_sample": family.one_sample}


def _is_double(decoder: Callable[[Any], Fraction]) -> bool:
    """Whether a fixed input is exactly a double."""
    if not isinstance(decoder, partial) or decoder.func is not _fixed_value:
        return False
    value = decoder(0)
    return Fraction(float(value)) == value


def _keyword_of_doubles(name: str, keyword: str, v: Mapping[str, np.ndarray]) -> np.ndarray:
    """A keyword at exact double inputs, as the nearest double of its exact value
    (MODEL.md section 5): ``indep`` is one correctly rounded product, ``max`` a
    minimum; ``min`` is ``max(0, alpha + beta - 1)`` with the sum's rounding error
    carried (TwoSum) so that it is rounded once; ``rest`` is 1 less the other priors,
    summed exactly (``math.fsum``)."""
    if name.startswith("rho"):
        a, b = v["alpha"], v["beta"]
        if keyword == "indep":
            return a * b
        if keyword == "max":
            return np.minimum(a, b)
        total = a + b
        virtual = total - a
        error = (a - (total - virtual)) + (b - virtual)  # a + b = total + error exactly
        # total - 1 is exact where total >= 1/2 (Sterbenz); below, the result is 0
        return np.maximum(0.0, (total - 1.0) + error)
    others = np.stack(list(v.values()), axis=1)
    return np.array([math.fsum([1.0, *(-others[k])]) for k in range(len(others))])


def _axis_value(axis: Axis, code: Any) -> Fraction:
    return axis.exact_values()[int(code)]


def _double_value(code: Any) -> Fraction:
    return Fraction(float(code))


def _fixed_value(value: Fraction, code: Any) -> Fraction:
    return value


def _resolve_exact(
    name: str, keyword: str, v: Mapping[str, Fraction], family: SettingFamily
) -> Fraction:
    if name.startswith("rho"):
        return resolve_rho(keyword, v["alpha"], v["beta"], name)
    others = [v[p] for p in family.parameters if p.startswith("prior") and p != name]
    return 1 - sum(others, Fraction(0))


def _slack(spec: SweepSpec, v: Mapping[str, np.ndarray]) -> np.ndarray:
    """The smallest slack of the constraints of MODEL.md sections 5 and 6 that the
    points' numbers could break: positive where surely feasible, negative where surely
    not, near zero where the exact check decides (strict or not). Keyword parameters
    (``indep``, ``max``, ``min``) are feasible by construction and not checked."""
    keyword = {k for k, s in spec.settings.items() if isinstance(s, str)}
    family = spec.family
    parts: list[np.ndarray] = []
    if isinstance(family, CorrelationFamily):
        a, b = v["alpha"], v["beta"]
        parts += [a, 1 - a, b, 1 - b, v["reward"], v["cost"]]
        priors = [f"prior{k}" for k in range(1, family.worlds + 1)]
        for name in priors:
            parts += [v[name], 1 - v[name]]
        if not keyword & set(priors) and any(isinstance(spec.settings[n], Axis) for n in priors):
            parts.append(-np.abs(np.sum([v[name] for name in priors], axis=0) - 1))
        for k in range(1, family.worlds + 1):
            if f"rho{k}" not in keyword:
                rho = v[f"rho{k}"]
                parts += [rho - np.maximum(0.0, a + b - 1), np.minimum(a, b) - rho]
    else:
        lam, mu, p, kappa = v["lambda"], v["mu"], v["prior_i"], v["kappa"]
        parts += [p, 1 - p, kappa, 1 - kappa, lam, mu, 1 - lam - mu]
    return np.min(np.stack(parts), axis=0)


def sweep_spec(
    setting: str,
    parameters: Mapping[str, Any],
    worlds: int | None = None,
    one_sample: bool = False,
    random: int | None = None,
    seed: int = 0,
) -> SweepSpec:
    """A validated :class:`SweepSpec` from parameter texts (values, keywords or ranges).

    ``correlation``: ``alpha``, ``beta`` (required), ``reward`` and ``cost`` (default 1),
    ``rho1..rhoK`` (required; a number, ``indep``, ``max`` or ``min``) and ``prior1..priorK``
    (default ``1/K``; one may be ``rest``). ``hypotheses``: ``prior_i``, ``kappa``,
    ``lambda``, ``mu`` (all required).
    """
    if random is not None:
        if isinstance(random, bool) or not isinstance(random, int) or random < 1:
            raise ValueError(f"random = {random!r}: must be a positive number of points")
        if random > MAX_POINTS:
            raise ValueError(f"random = {random}: at most {MAX_POINTS} points")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed = {seed!r}: must be a nonnegative integer")
    if setting == "correlation":
        rhos = sorted(k for k in parameters if k.startswith("rho"))
        count = worlds if worlds is not None else len(rhos)
        if count < 1:
            raise ValueError("worlds: the correlation setting needs at least one world (rho1=...)")
    else:
        count = 2
    family = family_for(setting, count, one_sample)
    unknown = sorted(set(parameters) - set(family.parameters))
    if unknown:
        raise ValueError(
            f"{unknown[0]} = {parameters[unknown[0]]!r}: not a parameter of the {setting} "
            f"setting ({', '.join(family.parameters)})"
        )
    defaults: dict[str, Any] = {}
    if isinstance(family, CorrelationFamily):
        defaults = {"reward": 1, "cost": 1}
        defaults.update({f"prior{k}": Fraction(1, count) for k in range(1, count + 1)})
    settings: dict[str, Fraction | str | Axis] = {}
    for name in family.parameters:
        if name not in parameters and name not in defaults:
            raise ValueError(
                f"{name}: missing; every parameter of the {setting} setting needs a value"
            )
        keywords: tuple[str, ...] = RHO_KEYWORDS if name.startswith("rho") else ()
        if name.startswith("prior") and name != "prior_i":
            keywords = PRIOR_KEYWORDS
        value = parse_value(parameters.get(name, defaults.get(name)), name, keywords)
        if isinstance(value, Axis):
            value = Axis(name, value.low, value.high, value.count, value.log)
        settings[name] = value
    if sum(1 for v in settings.values() if v == "rest") > 1:
        raise ValueError("prior: at most one world's prior may be 'rest'")
    priors = [n for n in family.parameters if n.startswith("prior") and n != "prior_i"]
    if priors and all(not isinstance(settings[n], Axis | str) for n in priors):
        total = sum((Fraction(settings[n]) for n in priors), Fraction(0))  # type: ignore[arg-type]
        if total != 1:
            raise ValueError(
                f"prior1..prior{len(priors)} sum to {format_number(total)}: must sum to 1"
            )
    spec = SweepSpec(family, settings, random, seed)
    if random is None and spec.size > MAX_POINTS:
        raise ValueError(f"sweep of {spec.size} points: at most {MAX_POINTS}")
    return spec
