"""Hypothesis strategies for random small environments, and an independent payoff oracle.

The oracle computes payoffs straight from the environment's joint law and the ex-post
utility of MODEL.md section 2, sharing no code with the solvers' linear form.
"""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from itertools import product

from hypothesis import strategies as st

from contracts import (
    Contract,
    Environment,
    Utility,
    correlation,
    directional_contracts,
    environment_to_dict,
    information_structure,
    worked_cases,
)
from tests import reference


def _normalized(weights: list[int]) -> list[Fraction]:
    total = sum(weights)
    return [Fraction(w, total) for w in weights]


@st.composite
def distributions(draw: st.DrawFn, size: int, max_weight: int = 3) -> list[Fraction]:
    """A probability vector of ``size`` entries with small denominators (zeros allowed)."""
    weights = draw(st.lists(st.integers(0, max_weight), min_size=size, max_size=size))
    if sum(weights) == 0:
        weights[draw(st.integers(0, size - 1))] = 1
    return _normalized(weights)


@st.composite
def utilities(draw: st.DrawFn) -> Utility:
    values = draw(st.lists(st.integers(0, 3), min_size=4, max_size=4))
    return Utility(*map(Fraction, values))


@st.composite
def environments(draw: st.DrawFn, max_worlds: int = 2, max_labels: int = 2) -> Environment:
    """Random small environments: worlds, training and inference tables, utility."""
    n_worlds = draw(st.integers(1, max_worlds))
    t1, t2, s1, s2 = (draw(st.integers(1, max_labels)) for _ in range(4))
    prior = draw(distributions(n_worlds).filter(lambda p: all(x > 0 for x in p)))
    training = []
    inference = []
    for _ in range(n_worlds):
        flat = draw(distributions(t1 * t2))
        training.append([flat[i * t2 : (i + 1) * t2] for i in range(t1)])
        flat = draw(distributions(2 * s1 * s2))
        inference.append(
            [[flat[(y * s1 + i) * s2 : (y * s1 + i + 1) * s2] for i in range(s1)] for y in (0, 1)]
        )
    return Environment(
        worlds=tuple(f"w{k}" for k in range(n_worlds)),
        prior=tuple(prior),
        training_labels=(tuple(map(str, range(t1))), tuple(map(str, range(t2)))),
        signal_labels=(tuple("abcd"[:s1]), tuple("wxyz"[:s2])),
        training=tuple(training),
        inference=tuple(inference),
        utility=draw(utilities()),
    )


contracts = st.sampled_from(directional_contracts())


def indifferent_correlation(worlds: list) -> Environment:
    """The correlation setting (alpha 4/5, beta 7/10, the given worlds) with zero rewards
    and costs: every cell is indifferent, so every profile is an equilibrium."""
    return correlation("4/5", "7/10", worlds).with_utility(Utility(0, 0, 0, 0))


def one_world(inference, utility: Utility, signal_labels=(("a", "b"), ("x", "y")),
              positive_signals=None) -> Environment:  # fmt: skip
    """A single world and uninformative training: only the inference table matters."""
    return Environment(
        worlds=("w",),
        prior=(1,),
        training_labels=(("0",), ("0",)),
        signal_labels=signal_labels,
        training=([[1]],),
        inference=(inference,),
        utility=utility,
        positive_signals=positive_signals,
    )


def integer_side(e0: list[list[int]], e1: list[list[int]]):  # type: ignore[no-untyped-def]
    """A firm's side of the given integer payoff tables (scale 1, solvers.game):
    ``base_i = sum_j (2 e1 - e0)``, ``weight_ij = e0 + e1``."""
    import numpy as np

    from solvers.game import FirmSide

    return FirmSide.from_integers(np.array(e0, dtype=object), np.array(e1, dtype=object), 1)


def side_with_gains(base: int, weight: int):  # type: ignore[no-untyped-def]
    """A side with one own cell and one cell of the other firm whose gain coefficients
    are exactly ``base`` and ``weight`` (``base + weight`` must be a multiple of 3)."""
    e1, rest = divmod(base + weight, 3)
    assert rest == 0
    side = integer_side([[weight - e1]], [[e1]])
    assert (int(side.base[0]), int(side.weight[0, 0]), side.gain_scale) == (base, weight, 1)
    return side


def oracle_payoffs(env: Environment, contract: Contract, profile) -> tuple[Fraction, Fraction]:
    """Ex-ante payoffs of an engine profile (per engine cell), computed by the reference
    model of MODEL.md (tests/reference.py), which shares no code with the engine; the
    engine's cells are matched to the reference's observations by their printed names."""
    strategy = reference.from_engine(information_structure(env, contract), profile)
    return reference.payoffs(env, contract.name, strategy)


def oracle_regret(env: Environment, contract: Contract, profile) -> Fraction:
    """Largest gain of a firm from changing its action at one cell, by the reference."""
    strategy = reference.from_engine(information_structure(env, contract), profile)
    return reference.regret(env, contract.name, strategy)


def oracle_is_equilibrium(env: Environment, contract: Contract, profile) -> bool:
    """No firm gains by changing its action at any single cell (reference model)."""
    return oracle_regret(env, contract, profile) == 0


def all_profiles(n1: int, n2: int):
    for a1 in product((0, 1), repeat=n1):
        for a2 in product((0, 1), repeat=n2):
            yield a1, a2


JUNK = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5)
    | st.sampled_from(["1/0", "nan", "-1", "2", "1/2", "x/y"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


_VALID_FILE = environment_to_dict(worked_cases()["claim-3-point"])
_PATHS = [p for p in _paths(_VALID_FILE) if p]


@st.composite
def mutated_environment_files(draw: st.DrawFn) -> str:
    """JSON text of a valid environment file with one to three fields replaced or deleted."""
    data = copy.deepcopy(_VALID_FILE)
    mutations = draw(
        st.lists(st.tuples(st.sampled_from(_PATHS), JUNK, st.booleans()), min_size=1, max_size=3)
    )
    for path, junk, delete in mutations:
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            if delete:
                del parent[path[-1]]
            else:
                parent[path[-1]] = junk
        except (KeyError, IndexError, TypeError):
            continue
    return json.dumps(data)
