"""The information structure (MODEL.md section 3): each firm's cells are what it observes,
``cell_index`` maps every (t1, t2, s1, s2) to its cell (or -1 where the firm never sees
that view), and a restriction to some cells keeps what each firm observes."""

from __future__ import annotations

import itertools

import numpy as np

from contracts import Contract, correlation
from contracts.information import information_structure


def test_each_coordinate_maps_to_the_cell_of_what_the_firm_observes() -> None:
    """Two worlds, binary signals, under three contracts: every coordinate whose view
    (what the firm observes under the contract) is one of its cells maps to that cell,
    and a view never seen maps to -1."""
    env = correlation("4/5", "7/10", [("indep", "1/2"), ("max", "1/2")])
    for name in ("no", "infer", "full"):
        info = information_structure(env, Contract.named(name))
        for f in (0, 1):
            index = info.cell_index(f)
            picks = ["t1", "t2", "s1", "s2"]
            observed = [picks.index(c) for c in info.observed[f]]
            cells = {cell: k for k, cell in enumerate(info.cells[f])}
            assert index.shape == tuple(
                len(labels) for labels in (*env.training_labels, *env.signal_labels)
            )
            for coordinate in itertools.product(*(range(n) for n in index.shape)):
                view = tuple(coordinate[k] for k in observed)
                assert index[coordinate] == cells.get(view, -1), (name, f, coordinate)


def test_views_a_firm_never_sees_have_no_cell() -> None:
    """Signals that always agree (maximal correlation at alpha = beta): under inference
    sharing firm 1 never sees s1 != s2, so those coordinates are -1, and the others are
    cells."""
    env = correlation("3/4", "3/4", [("max", 1)])
    info = information_structure(env, Contract.named("infer"))
    index = info.cell_index(0)
    assert np.all(index[:, :, 0, 1] == -1) and np.all(index[:, :, 1, 0] == -1)
    assert np.all(index[:, :, 0, 0] >= 0) and np.all(index[:, :, 1, 1] >= 0)


def test_a_restriction_keeps_what_each_firm_observes() -> None:
    env = correlation("4/5", "7/10", [("indep", "1/2"), ("max", "1/2")])
    info = information_structure(env, Contract.named("infer"))
    part = info.restricted((1, 0), (0,))
    assert part.observed == info.observed
    assert part.cells == ((info.cells[0][1], info.cells[0][0]), (info.cells[1][0],))
    assert part.cell_name(0, 0) == info.cell_name(0, 1)
    assert set(part.pair_mass) <= {(0, 0), (1, 0)}
