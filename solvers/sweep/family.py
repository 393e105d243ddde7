"""The built-in settings as families of environments over numeric parameters.

A family fixes a setting's structure (the number of worlds of the correlation setting,
the one-sample variant of the two hypotheses) and leaves its numbers free. It gives, for
whole arrays of parameter points, the float64 tables of MODEL.md section 2 (by the very
formulas of :mod:`contracts.settings`, which are plain arithmetic) and, for one point,
the exact :class:`~contracts.Environment`.

Parameters are plain numbers here: keywords (``indep``, ``rest``) are resolved by the
sweep definition (:mod:`solvers.sweep.grid`) before a family sees them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from contracts import Environment, Utility
from contracts.settings import (
    canonical_training,
    correlation,
    correlation_signal_table,
    hypotheses_signal_table,
    one_sample_training,
    plentiful_training,
    two_hypotheses,
)

#: Float tables of a block of points: prior ``(N, W)``, training ``(N|1, W, T1, T2)``,
#: inference ``(N, W, 2, S1, S2)``, utility ``(N|1, 4)`` as ``(R0, R1, C0, C1)``.
Tables = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _stack(nested: Any, size: int) -> np.ndarray:
    """A nested list of scalars and ``(N,)`` arrays as one float array, points first."""
    leaves = [np.broadcast_to(np.asarray(leaf, dtype=float), (size,)) for leaf in _leaves(nested)]
    return np.stack(leaves, axis=1).reshape((size,) + _shape(nested))


def _leaves(nested: Any) -> list[Any]:
    if isinstance(nested, list | tuple):
        return [leaf for item in nested for leaf in _leaves(item)]
    return [nested]


def _shape(nested: Any) -> tuple[int, ...]:
    if isinstance(nested, list | tuple):
        return (len(nested),) + _shape(nested[0])
    return ()


@dataclass(frozen=True)
class CorrelationFamily:
    """Setting (i) with ``worlds`` worlds (MODEL.md section 5).

    Parameters: ``alpha``, ``beta``, ``reward``, ``cost``, then ``rho1..rhoK`` and
    ``prior1..priorK``.
    """

    worlds: int = 2
    name: str = "correlation"

    @property
    def parameters(self) -> tuple[str, ...]:
        k = range(1, self.worlds + 1)
        return (
            ("alpha", "beta", "reward", "cost")
            + tuple(f"rho{i}" for i in k)
            + tuple(f"prior{i}" for i in k)
        )

    def tables(self, v: Mapping[str, np.ndarray]) -> Tables:
        size = len(v["alpha"])
        k = range(1, self.worlds + 1)
        prior = np.stack([np.asarray(v[f"prior{i}"], dtype=float) for i in k], axis=1)
        training = np.asarray(canonical_training(self.worlds), dtype=float)[None]
        inference = np.stack(
            [
                _stack(correlation_signal_table(v["alpha"], v["beta"], v[f"rho{i}"]), size)
                for i in k
            ],
            axis=1,
        )
        zero = np.zeros(size)
        utility = np.stack([zero, v["reward"], zero, v["cost"]], axis=1)
        return prior, training, inference, utility

    def environment(self, v: Mapping[str, Fraction]) -> Environment:
        k = range(1, self.worlds + 1)
        return correlation(
            v["alpha"],
            v["beta"],
            [(v[f"rho{i}"], v[f"prior{i}"]) for i in k],
            v["reward"],
            v["cost"],
        )

    def generic_point(self) -> dict[str, Fraction]:
        """A point where every realization the structure allows has positive mass."""
        alpha, beta = Fraction(3, 5), Fraction(4, 7)
        point = {"alpha": alpha, "beta": beta, "reward": Fraction(1), "cost": Fraction(1)}
        low, high = max(Fraction(0), alpha + beta - 1), min(alpha, beta)
        for i in range(1, self.worlds + 1):
            point[f"rho{i}"] = low + (high - low) * i / (self.worlds + 1)
            point[f"prior{i}"] = Fraction(1, self.worlds)
        return point


@dataclass(frozen=True)
class HypothesesFamily:
    """Setting (ii), plain or one-sample (MODEL.md section 6).

    Parameters: ``prior_i``, ``kappa``, ``lambda``, ``mu``.
    """

    one_sample: bool = False
    name: str = "hypotheses"
    parameters: tuple[str, ...] = ("prior_i", "kappa", "lambda", "mu")

    def tables(self, v: Mapping[str, np.ndarray]) -> Tables:
        size = len(v["kappa"])
        signal = [hypotheses_signal_table(v["kappa"], v["lambda"], v["mu"], w) for w in ("I", "II")]
        inference = np.stack([_stack(t, size) for t in signal], axis=1)
        if self.one_sample:
            training = np.stack([_stack(one_sample_training(t), size) for t in signal], axis=1)
        else:
            training = np.asarray(plentiful_training(), dtype=float)[None]
        p = np.asarray(v["prior_i"], dtype=float)
        prior = np.stack([p, 1 - p], axis=1)
        u = Utility.matching().as_dict()
        utility = np.array([[float(u[key]) for key in ("R0", "R1", "C0", "C1")]])
        return prior, training, inference, utility

    def environment(self, v: Mapping[str, Fraction]) -> Environment:
        return two_hypotheses(v["prior_i"], v["kappa"], v["lambda"], v["mu"], self.one_sample)

    def generic_point(self) -> dict[str, Fraction]:
        return {
            "prior_i": Fraction(2, 7),
            "kappa": Fraction(1, 3),
            "lambda": Fraction(1, 5),
            "mu": Fraction(2, 9),
        }


SettingFamily = CorrelationFamily | HypothesesFamily
