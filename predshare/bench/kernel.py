"""The reference kernel of the sweep benchmarks: the least arithmetic a batch classifier
of pure equilibria must do, written as plainly and as fast as numpy allows.

For a block of points of one family it computes the joint masses (MODEL.md section 2),
every contract's cell-pair masses, and per component the other firm's gains against
every candidate strategy of the enumerated firm, its replies, the enumerated firm's
gains against those replies and the equilibrium mask (the enumeration of
:mod:`solvers.equilibria.pure`). Nothing else: no payoffs, ranges, dominance, verdicts
or tie checks. Points lie on the leading axis and every product is a matrix product.
The classifier's speed is reported as a ratio to this kernel in the same process.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from solvers.sweep.layout import SweepLayout


def joint_masses(layout: SweepLayout, values: Mapping[str, np.ndarray]) -> np.ndarray:
    """``(N, 2, R)``: the mass of each label y at each of the layout's realizations."""
    prior, training, inference, _ = layout.family.tables(values)
    n = len(prior)
    training = np.broadcast_to(training, (n,) + training.shape[1:])
    full = np.einsum("nw,nwab,nwyij->nyabij", prior, training, inference)
    flat = np.ravel_multi_index(tuple(layout.realizations.T), full.shape[2:])
    return full.reshape(n, 2, -1)[:, :, flat]


def equilibrium_masks(layout: SweepLayout, values: Mapping[str, np.ndarray]) -> list[np.ndarray]:
    """Per contract and component group, ``(N, G, nX)``: is candidate x (with the other
    firm's best reply) a pure equilibrium of component g?"""
    joint = joint_masses(layout, values)
    _, _, _, utility = layout.family.tables(values)
    n = joint.shape[0]
    r0, r1, c0, c1 = (np.broadcast_to(np.asarray(u, dtype=float), (n,))[:, None]
                      for u in np.broadcast_to(utility, (n, 4)).T)  # fmt: skip
    masks = []
    for contract in layout.contracts:
        pair = joint @ contract.aggregation  # (N, 2, P)
        e0 = np.zeros((n, pair.shape[2] + 1))
        e1 = np.zeros((n, pair.shape[2] + 1))
        e0[:, :-1] = pair[:, 0] * r0 - pair[:, 1] * c0
        e1[:, :-1] = pair[:, 1] * r1 - pair[:, 0] * c1
        for group in contract.groups:
            E0, E1 = e0[:, group.pairs], e1[:, group.pairs]  # (N, G, n1, n2)
            if group.enumerated == 1:
                E0, E1 = E0.swapaxes(2, 3), E1.swapaxes(2, 3)
            X = group.candidates  # (nX, nx)
            W = E0 + E1
            column = 2 * E1.sum(axis=2) - E0.sum(axis=2)  # (N, G, ny)
            row = 2 * E1.sum(axis=3) - E0.sum(axis=3)  # (N, G, nx)
            gain_y = column[:, :, None, :] - X @ W  # (N, G, nX, ny)
            Y = (gain_y > 0).astype(float)
            gain_x = row[:, :, None, :] - Y @ W.swapaxes(2, 3)  # (N, G, nX, nx)
            masks.append((np.where(X == 1, gain_x, -gain_x) > 0).all(axis=3))
    return masks
