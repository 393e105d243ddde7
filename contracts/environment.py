"""The general Bayesian environment of MODEL.md section 2.

Worlds ``w`` with a prior; in world ``w`` the training pair ``(t1, t2)`` is drawn from
``P_w(t1, t2)`` and, independently given ``w``, the inference triple ``(y, s1, s2)``
from ``P_w(y, s1, s2)``. The joint mass of a realization is
``pi(w) * P_w(t1, t2) * P_w(y, s1, s2)``.

Tables are held densely and exactly (Fractions), indexed by label positions:
``training[w][i1][i2]`` and ``inference[w][y][j1][j2]``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from itertools import chain
from typing import Any

import numpy as np

from contracts.limits import check_common_denominator, check_environment_size
from contracts.numbers import (
    check_probability,
    check_sums_to_one,
    format_number,
    is_float_input,
    to_fraction,
)
from contracts.utility import Utility


def _labels(values: Sequence[Any], field_name: str) -> tuple[str, ...]:
    labels = tuple(str(v) for v in values)
    if not labels:
        raise ValueError(f"{field_name} = []: must have at least one label")
    if len(set(labels)) != len(labels):
        raise ValueError(f"{field_name} = {list(labels)}: labels must be distinct")
    return labels


@dataclass(frozen=True)
class Environment:
    """A finite prediction-sharing environment (MODEL.md section 2), validated at construction.

    Every number may be given as an int, Fraction, float or string and is stored as a
    Fraction; tables are stored as nested tuples.

    Parameters
    ----------
    worlds, prior:
        World names and their prior probabilities (each positive, summing to one).
    training_labels:
        ``(T1, T2)``: the labels of each firm's training observation (its "model").
    signal_labels:
        ``(S1, S2)``: the labels of each firm's inference-time signal.
    training:
        ``training[w][i1][i2] = P_w(T1[i1], T2[i2])``.
    inference:
        ``inference[w][y][j1][j2] = P_w(y, S1[j1], S2[j2])`` for ``y`` in ``{0, 1}``.
    utility:
        The rewards and costs (MODEL.md section 2).
    name:
        A free-text description, carried into reports and files.
    positive_signals:
        ``(s1, s2)``: each firm's positive signal, the one that goes with ``y = 1``
        (MODEL.md section 9), or None when nothing declares it. Each must be the first or
        the last label of its alphabet: the signals are read in label order, reversed
        when the positive one comes first. The consumer readings that need it (patterns,
        inversion) are undefined without it.
    """

    worlds: tuple[str, ...]
    prior: tuple[Any, ...]
    training_labels: tuple[tuple[str, ...], tuple[str, ...]]
    signal_labels: tuple[tuple[str, ...], tuple[str, ...]]
    training: tuple[Any, ...]
    inference: tuple[Any, ...]
    utility: Utility
    name: str = field(default="", compare=False)
    positive_signals: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        worlds = _labels(self.worlds, "worlds")
        t1, t2 = (_labels(self.training_labels[k], f"training_labels[{k}]") for k in (0, 1))
        s1, s2 = (_labels(self.signal_labels[k], f"signal_labels[{k}]") for k in (0, 1))
        if not isinstance(self.utility, Utility):
            raise ValueError(f"utility = {self.utility!r}: must be a Utility")
        check_environment_size(len(worlds), len(t1), len(t2), len(s1), len(s2))
        if len(self.prior) != len(worlds):
            raise ValueError(
                f"prior has {len(self.prior)} entries: must have one per world ({len(worlds)})"
            )
        had_floats = any(is_float_input(p) for p in self.prior)
        prior = tuple(to_fraction(p, f"prior[{w}]") for w, p in zip(worlds, self.prior))
        for w, p in zip(worlds, prior):
            if not 0 < p <= 1:
                raise ValueError(f"prior[{w}] = {format_number(p)}: must be in (0, 1]")
        check_sums_to_one(sum(prior, Fraction(0)), "prior", had_floats)
        training = self._exact_tables(self.training, worlds, (len(t1), len(t2)), "training")
        inference = self._exact_tables(self.inference, worlds, (2, len(s1), len(s2)), "inference")
        check_common_denominator(  # zeros (denominator 1) cannot change it
            v
            for v in chain(
                prior, _flat(training), _flat(inference), self.utility.as_dict().values()
            )
            if v
        )
        object.__setattr__(self, "worlds", worlds)
        object.__setattr__(self, "prior", prior)
        object.__setattr__(self, "training_labels", (t1, t2))
        object.__setattr__(self, "signal_labels", (s1, s2))
        object.__setattr__(self, "training", training)
        object.__setattr__(self, "inference", inference)
        if self.positive_signals is not None:
            object.__setattr__(self, "positive_signals", _positive(self.positive_signals, (s1, s2)))

    def signal_order(self, firm: int) -> tuple[int, ...] | None:
        """Firm 0's or 1's signal indices from the least to the most positive (None when no
        positive signal is declared)."""
        if self.positive_signals is None:
            return None
        labels = self.signal_labels[firm]
        order = tuple(range(len(labels)))
        reverse = len(labels) > 1 and labels[0] == self.positive_signals[firm]
        return order[::-1] if reverse else order

    @staticmethod
    def _exact_tables(
        tables: Sequence[Any], worlds: tuple[str, ...], shape: tuple[int, ...], name: str
    ) -> tuple[Any, ...]:
        if len(tables) != len(worlds):
            raise ValueError(
                f"{name} has {len(tables)} tables: must have one per world ({len(worlds)})"
            )
        exact = []
        for w, table in zip(worlds, tables):
            array = np.asarray(table, dtype=object)
            if array.shape != shape:
                raise ValueError(f"{name}[{w}] has shape {array.shape}: must have shape {shape}")
            had_floats = any(is_float_input(v) for v in array.flat)
            values = np.empty(shape, dtype=object)
            total = Fraction(0)
            for index, v in np.ndenumerate(array):
                if (type(v) is Fraction or type(v) is int) and v == 0:
                    values[index] = _ZERO  # an exact zero needs no check (tables are sparse)
                    continue
                where = f"{name}[{w}][{','.join(map(str, index))}]"
                values[index] = check_probability(to_fraction(v, where), where)
                total += values[index]
            check_sums_to_one(total, f"{name}[{w}]", had_floats)
            exact.append(_freeze(values))
        return tuple(exact)

    # ----------------------------------------------------------------- constructors
    @classmethod
    def from_tables(
        cls,
        prior: Mapping[Any, Any],
        training: Mapping[Any, Mapping[tuple[Any, ...], Any]],
        inference: Mapping[Any, Mapping[tuple[Any, ...], Any]],
        utility: Utility,
        training_labels: tuple[Sequence[Any], Sequence[Any]] | None = None,
        signal_labels: tuple[Sequence[Any], Sequence[Any]] | None = None,
        name: str = "",
        positive_signals: tuple[str, str] | None = None,
    ) -> Environment:
        """Build from sparse tables keyed by labels; missing entries are zero.

        ``training[w][(t1, t2)]`` and ``inference[w][(y, s1, s2)]``. Labels are taken in
        order of first appearance unless given.
        """
        worlds = [str(w) for w in prior]
        for table_name, table in (("training", training), ("inference", inference)):
            extra = set(map(str, table)) - set(worlds)
            missing = set(worlds) - set(map(str, table))
            if extra or missing:
                raise ValueError(
                    f"{table_name} worlds {sorted(map(str, table))}: must be exactly the "
                    f"prior's worlds {worlds}"
                )
        by_name_t = {str(w): t for w, t in training.items()}
        by_name_i = {str(w): t for w, t in inference.items()}

        for table_name, tables, width in (("training", by_name_t, 2), ("inference", by_name_i, 3)):
            for w in worlds:
                for key in tables[w]:
                    if not isinstance(key, tuple) or len(key) != width:
                        raise ValueError(
                            f"{table_name}[{w}] key {key!r}: must be a tuple of {width} labels"
                        )

        def collect(position: int, tables: Mapping[str, Mapping[Any, Any]]) -> list[str]:
            seen: dict[str, None] = {}
            for w in worlds:
                for key in tables[w]:
                    seen.setdefault(str(key[position]), None)
            return list(seen)

        t_labels = training_labels or (collect(0, by_name_t), collect(1, by_name_t))
        s_labels = signal_labels or (collect(1, by_name_i), collect(2, by_name_i))
        check_environment_size(len(worlds), *map(len, t_labels), *map(len, s_labels))

        t_index = [{str(v): i for i, v in enumerate(t_labels[k])} for k in (0, 1)]
        s_index = [{str(v): i for i, v in enumerate(s_labels[k])} for k in (0, 1)]
        train_tables: list[list[list[Any]]] = []
        infer_tables: list[list[list[list[Any]]]] = []
        for w in worlds:
            t_table: list[list[Any]] = [[0] * len(t_labels[1]) for _ in t_labels[0]]
            for key, p in by_name_t[w].items():
                if len(key) != 2:
                    raise ValueError(f"training[{w}] key {key!r}: must be a pair (t1, t2)")
                i1 = _lookup(t_index[0], key[0], f"training[{w}] key {key!r}: t1")
                i2 = _lookup(t_index[1], key[1], f"training[{w}] key {key!r}: t2")
                t_table[i1][i2] = p
            i_table: list[list[list[Any]]] = [
                [[0] * len(s_labels[1]) for _ in s_labels[0]] for _ in (0, 1)
            ]
            for ikey, p in by_name_i[w].items():
                if len(ikey) != 3:
                    raise ValueError(f"inference[{w}] ikey {ikey!r}: must be a triple (y, s1, s2)")
                y = ikey[0]
                if str(y) not in ("0", "1"):
                    raise ValueError(
                        f"inference[{w}] ikey {ikey!r}: label y = {y!r} must be 0 or 1"
                    )
                j1 = _lookup(s_index[0], ikey[1], f"inference[{w}] ikey {ikey!r}: s1")
                j2 = _lookup(s_index[1], ikey[2], f"inference[{w}] ikey {ikey!r}: s2")
                i_table[int(str(y))][j1][j2] = p
            train_tables.append(t_table)
            infer_tables.append(i_table)
        return cls(
            worlds=tuple(worlds),
            prior=tuple(prior[w] for w in prior),
            training_labels=(tuple(t_labels[0]), tuple(t_labels[1])),
            signal_labels=(tuple(s_labels[0]), tuple(s_labels[1])),
            training=tuple(train_tables),
            inference=tuple(infer_tables),
            utility=utility,
            name=name,
            positive_signals=positive_signals,
        )

    # ----------------------------------------------------------------- derived masses
    @cached_property
    def joint_mass(self) -> np.ndarray:
        """Exact mass of ``(t1, t2, y, s1, s2)`` with the world summed out.

        An object array of Fractions, shape ``(|T1|, |T2|, 2, |S1|, |S2|)``:
        ``sum_w pi(w) P_w(t1, t2) P_w(y, s1, s2)`` (MODEL.md section 2). Payoffs depend on the
        worlds only through this table.
        """
        shape = (
            len(self.training_labels[0]),
            len(self.training_labels[1]),
            2,
            len(self.signal_labels[0]),
            len(self.signal_labels[1]),
        )
        total = np.full(shape, Fraction(0), dtype=object)
        for p, train, infer in zip(self.prior, self.training, self.inference):
            signals = np.array(infer, dtype=object)
            for i1, row in enumerate(train):
                for i2, mass in enumerate(row):
                    if mass:  # sparse: only training pairs of positive probability
                        total[i1, i2] = total[i1, i2] + (p * mass) * signals
        return total

    @cached_property
    def realizations(self) -> tuple[tuple[int, int, int, int, Fraction, Fraction], ...]:
        """Every ``(t1, t2, s1, s2)`` of positive probability with its masses ``(m0, m1)``
        for y = 0 and y = 1, in index order (the cells of every contract come from it)."""
        joint = self.joint_mass
        out = []
        for t1, t2 in zip(*np.nonzero(self.training_mass)):
            block = joint[t1, t2]  # (2, S1, S2)
            for (s1, s2), m0 in np.ndenumerate(block[0]):
                m1 = block[1, s1, s2]
                if m0 or m1:
                    out.append((int(t1), int(t2), s1, s2, m0, m1))
        return tuple(out)

    @cached_property
    def training_mass(self) -> np.ndarray:
        """Exact ``P(t1, t2)``, shape ``(|T1|, |T2|)``."""
        return self.joint_mass.sum(axis=(2, 3, 4))

    @cached_property
    def training_marginals(self) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
        """Exact ``P(t1)`` per label of T1 and ``P(t2)`` per label of T2."""
        mass = self.training_mass
        return tuple(mass.sum(axis=1).tolist()), tuple(mass.sum(axis=0).tolist())

    def with_utility(self, utility: Utility) -> Environment:
        """The same environment under another utility."""
        return Environment(
            self.worlds,
            self.prior,
            self.training_labels,
            self.signal_labels,
            self.training,
            self.inference,
            utility,
            self.name,
        )

    def swapped(self) -> Environment:
        """The environment with the firms relabelled (firm 1 becomes firm 2)."""
        training = tuple(_freeze(np.array(t, dtype=object).T) for t in self.training)
        inference = tuple(
            _freeze(np.array(i, dtype=object).transpose(0, 2, 1)) for i in self.inference
        )
        return Environment(
            self.worlds,
            self.prior,
            (self.training_labels[1], self.training_labels[0]),
            (self.signal_labels[1], self.signal_labels[0]),
            training,
            inference,
            self.utility,
            self.name,
        )

    def describe(self) -> str:
        """One line: sizes of the environment."""
        t1, t2 = self.training_labels
        s1, s2 = self.signal_labels
        return (
            f"{len(self.worlds)} worlds, |T1|={len(t1)}, |T2|={len(t2)}, "
            f"|S1|={len(s1)}, |S2|={len(s2)}"
        )


def _lookup(index: Mapping[str, int], label: Any, where: str) -> int:
    try:
        return index[str(label)]
    except KeyError:
        raise ValueError(f"{where} = {label!r}: not among the labels {list(index)}") from None


#: The zero of the probability tables (one shared instance).
_ZERO = Fraction(0)


def _flat(tables: tuple[Any, ...]) -> Iterator[Fraction]:
    """Every entry of nested tuples of Fractions."""
    for item in tables:
        if isinstance(item, tuple):
            yield from _flat(item)
        else:
            yield item


def _freeze(array: np.ndarray) -> Any:
    """Nested tuples of an object array (hashable, immutable)."""
    if array.ndim == 1:
        return tuple(array.tolist())
    return tuple(_freeze(sub) for sub in array)


def _positive(value: Any, alphabets: tuple[tuple[str, ...], tuple[str, ...]]) -> tuple[str, str]:
    """Each firm's positive signal: a label of its alphabet, first or last."""
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise ValueError(f"positive_signals = {value!r}: must be a pair (s1, s2) of labels")
    out = []
    for f, (label, alphabet) in enumerate(zip(value, alphabets)):
        text = str(label)
        if text not in alphabet:
            raise ValueError(f"positive_signals[{f}] = {text!r}: not a label of s{f + 1} "
                             f"{list(alphabet)}")  # fmt: skip
        if text not in (alphabet[0], alphabet[-1]):
            raise ValueError(f"positive_signals[{f}] = {text!r}: must be the first or last "
                             f"label of s{f + 1} {list(alphabet)}, so that the signals are "
                             "ordered")  # fmt: skip
        out.append(text)
    return out[0], out[1]
