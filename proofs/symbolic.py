"""Symbolic derivations with sympy: payoffs of a profile, and implications over a box.

``symbolic_payoffs`` sums, realization by realization, the joint mass of MODEL.md section 2
times the ex-post utility, with the parameters left as symbols: the same definitions as
the engine (the signal tables of ``contracts.settings``), none of its algebra. A profile
is read off a numeric game's information cells, so the derivation states what the
quoted closed forms claim: "at this equilibrium profile the payoffs are ...".

``box_implies`` decides whether a polynomial condition that is affine in each variable
separately (multilinear) holds on a whole open box: such a function attains its extremes
on the box's vertices, so checking the vertices exactly decides it, and a failing vertex
yields an exact counterexample strictly inside the box.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import product
from typing import Any

from contracts.information import InformationStructure
from contracts.settings import correlation_signal_table, hypotheses_signal_table
from contracts.utility import Utility

_COORDINATES = ("t1", "t2", "s1", "s2")


def sympy() -> Any:
    """The sympy module (an optional dependency of the proofs)."""
    try:
        import sympy as sp
    except ImportError:  # pragma: no cover - depends on the install
        raise ValueError("symbolic checks need sympy: pip install 'predshare[proofs]'") from None
    return sp


def symbolic_payoffs(
    worlds: Sequence[tuple[Any, Any, Any]],
    utility: Utility,
    info: InformationStructure,
    strategy: tuple[Sequence[int], Sequence[int]],
) -> tuple[Any, Any]:
    """Ex-ante payoffs ``(U1, U2)`` of a pure profile, as sympy expressions.

    ``worlds`` lists ``(prior, training, inference)`` with symbolic entries, indexed like
    an Environment's tables; ``info`` gives the cells (from a numeric instance with the
    same labels) and ``strategy`` the action at each of its cells.
    """
    sp = sympy()
    index = [{cell: i for i, cell in enumerate(info.cells[f])} for f in (0, 1)]
    totals = [sp.Integer(0), sp.Integer(0)]
    for prior, training, inference in worlds:
        for i1, row in enumerate(training):
            for i2, pt in enumerate(row):
                if pt == 0:
                    continue
                for y in (0, 1):
                    for j1, srow in enumerate(inference[y]):
                        for j2, pi in enumerate(srow):
                            if pi == 0:
                                continue
                            r = dict(zip(_COORDINATES, (i1, i2, j1, j2)))
                            cells = [tuple(r[c] for c in info.observed[f]) for f in (0, 1)]
                            if any(cells[f] not in index[f] for f in (0, 1)):
                                continue  # a zero-probability cell at the numeric instance
                            a1 = strategy[0][index[0][cells[0]]]
                            a2 = strategy[1][index[1][cells[1]]]
                            mass = sp.sympify(prior) * sp.sympify(pt) * sp.sympify(pi)
                            totals[0] += mass * sp.Rational(utility.ex_post(a1, a2, y))
                            totals[1] += mass * sp.Rational(utility.ex_post(a2, a1, y))
    return sp.simplify(totals[0]), sp.simplify(totals[1])


def correlation_worlds(alpha: Any, beta: Any, rho: Any) -> list[tuple[Any, Any, Any]]:
    """One world of the correlation setting with symbolic accuracies and correlation."""
    return [(1, [[1]], correlation_signal_table(alpha, beta, rho))]


def hypotheses_worlds(prior_i: Any, kappa: Any, lam: Any, mu: Any) -> list[tuple[Any, Any, Any]]:
    """The two worlds of setting (ii) with plentiful data (t1 = the world, t2 constant)."""
    return [
        (prior_i, [[1], [0]], hypotheses_signal_table(kappa, lam, mu, "I")),
        (1 - prior_i, [[0], [1]], hypotheses_signal_table(kappa, lam, mu, "II")),
    ]


def is_multilinear(expression: Any, variables: Sequence[Any]) -> bool:
    """Polynomial of degree at most one in each variable separately."""
    sp = sympy()
    poly = sp.Poly(sp.expand(expression), *variables)
    return all(max(exponents) <= 1 for exponents in poly.monoms()) if poly.monoms() else True


def box_implies(
    condition: Any, variables: Sequence[Any], box: Sequence[tuple[Fraction, Fraction]]
) -> tuple[bool, dict[str, Fraction] | None]:
    """Does ``condition > 0`` hold on the whole open box? Exact for multilinear conditions.

    Returns ``(True, None)``, or ``(False, point)`` with an exact point strictly inside the
    box where ``condition <= 0``.
    """
    sp = sympy()
    if not is_multilinear(condition, variables):
        raise ValueError(f"box_implies: {condition} is not multilinear in {variables}")
    values = {}
    for corner in product(*box):
        values[corner] = sp.Rational(condition.subs(dict(zip(variables, corner))))
    worst_corner = min(values, key=lambda c: values[c])
    if values[worst_corner] > 0:
        return True, None

    def value_at(point: Sequence[Fraction]) -> Any:
        return sp.Rational(condition.subs(dict(zip(variables, point))))

    def as_point(point: Sequence[Fraction]) -> dict[str, Fraction]:
        return {str(v): Fraction(p) for v, p in zip(variables, point)}

    centre = [(a + b) / 2 for a, b in box]
    if values[worst_corner] == 0:
        # a multilinear f >= 0 on the closed box that vanishes at an interior point is
        # affine and >= 0 along every axis line through it, hence zero everywhere: the
        # centre decides between "f > 0 on the open box" and "f == 0"
        return (False, as_point(centre)) if value_at(centre) <= 0 else (True, None)
    step = Fraction(1, 2)
    while True:  # f < 0 at the corner, so near it (inside the box) too
        point = [c + step * (m - c) for c, m in zip(worst_corner, centre)]
        if value_at(point) <= 0:
            return False, as_point(point)
        step /= 2


def closed_form_difference(derived: Any, quoted: Any) -> Any:
    """``simplify(derived - quoted)``: zero exactly when the closed form is right."""
    sp = sympy()
    return sp.simplify(sp.expand(derived - quoted))


def substitute(expression: Any, values: dict[Any, Fraction]) -> Fraction:
    """Exact value of an expression at rational values."""
    sp = sympy()
    result = sp.Rational(
        expression.subs({k: sp.Rational(v.numerator, v.denominator) for k, v in values.items()})
    )
    return Fraction(int(result.p), int(result.q))


Condition = Callable[..., Any]
