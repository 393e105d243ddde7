"""Dominance (Eq. (6)), IR, PO and IRPO against a literal reading of the definition."""

from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts import Contract, correlation, directional_contracts
from solvers import BayesianGame, analyze, dominates, pareto_frontier, pure_equilibria
from tests.conftest import budget
from tests.strategies import environments

SETTINGS = settings(max_examples=budget(50))


def literal_dominates(c_set, d_set) -> bool:
    """Eq. (6) verbatim: for every z, some s of c beats every s' of d, for both firms."""
    env = c_set.game.environment
    eq_c, eq_d = c_set.equilibria(), d_set.equilibria()
    t1_labels, t2_labels = env.training_labels
    for (i1, i2), mass in np.ndenumerate(env.training_mass):
        if mass == 0:
            continue
        t1, t2 = t1_labels[i1], t2_labels[i2]
        if not any(
            all(
                s.interim[0][t1] >= r.interim[0][t1] and s.interim[1][t2] >= r.interim[1][t2]
                for r in eq_d
            )
            for s in eq_c
        ):
            return False
    return True


@SETTINGS
@given(
    environments(),
    st.sampled_from(directional_contracts()),
    st.sampled_from(directional_contracts()),
)
def test_dominance_matches_the_literal_definition(env, c, d):
    c_set = pure_equilibria(BayesianGame.build(env, c), exact=True)
    d_set = pure_equilibria(BayesianGame.build(env, d), exact=True)
    if c_set.count * d_set.count > 5000:
        return
    assert dominates(c_set, d_set) == literal_dominates(c_set, d_set)
    float_c = pure_equilibria(BayesianGame.build(env, c), exact=False)
    float_d = pure_equilibria(BayesianGame.build(env, d), exact=False)
    assert dominates(float_c, float_d) == literal_dominates(c_set, d_set)


@SETTINGS
@given(environments())
def test_verdicts_follow_their_definitions(env):
    v = analyze(env, exact=True).verdicts
    names = v.names
    for c in names:
        assert (c in v.individually_rational) == (c == "no" or v.dominates(c, "no"))
        strictly_beaten = any(v.dominates(d, c) and not v.dominates(c, d) for d in names if d != c)
        assert (c in v.pareto_optimal) == (not strictly_beaten)
    assert set(v.irpo) == set(v.individually_rational) & set(v.pareto_optimal)
    # dominance is reflexive and transitive (a preorder), so the graph's closure adds nothing
    closure = nx.transitive_closure(v.graph, reflexive=False)
    assert {(a, b) for a, b in closure.edges() if a != b} == set(v.graph.edges())
    # PO is never empty: a maximal element of a finite preorder exists
    assert v.pareto_optimal
    # the graph, built on first use, is the relation: its edges and their strictness
    assert set(v.graph.nodes) == set(names)
    for c, d, data in v.graph.edges(data=True):
        assert v.dominates(c, d) and data["strict"] == (not v.dominates(d, c))
    assert v.graph.number_of_edges() == sum(
        v.dominates(c, d) for c in names for d in names if c != d
    )
    assert v.edges(strict=True) == [[c, d] for c, d in v.edges() if not v.dominates(d, c)]


def test_zero_utility_makes_every_profile_an_equilibrium_and_every_contract_equivalent():
    env = correlation("0.8", "0.7", [("indep", "1")], reward=1, cost=1)
    env = env.with_utility(env.utility.__class__(0, 0, 0, 0))
    result = analyze(env, exact=True)
    for solution in result.solutions.values():
        assert solution.count == 2 ** sum(solution.game.sizes)
    assert result.verdicts.irpo == ("no", "train", "infer", "full")
    assert result.verdicts.unique_irpo is None
    assert result.verdicts.unique_irpo_up_to_equivalence == "no"
    # in JSON: every contract dominates every other, none strictly; the listing is limited
    data = result.to_dict(limit=3)
    assert len(data["dominance"]) == 4 * 3 and data["strict_dominance"] == []  # pairs c != d
    assert len(data["equivalent"]) > 0
    for name, solution in data["contracts"].items():
        assert len(solution["equilibria"]) == 3 < result.solutions[name].count


def test_pareto_frontier_keeps_only_undominated_points():
    points = [(Fraction(1), Fraction(1)), (Fraction(2), Fraction(0)), (Fraction(1), Fraction(0))]
    assert pareto_frontier(points) == [(2, 0), (1, 1)]


def test_dominance_rejects_sets_from_different_environments():
    a = correlation("0.8", "0.7", [("indep", "1")])
    b = correlation("0.8", "0.6", [("indep", "1")])
    no = Contract()
    with pytest.raises(ValueError, match="same environment"):
        dominates(
            pure_equilibria(BayesianGame.build(a, no)), pure_equilibria(BayesianGame.build(b, no))
        )


@st.composite
def component_contributions(draw):
    """Random components' equilibrium contributions ``[k][e] = (u1 over T1, u2 over T2)``:
    small integers, many components with one equilibrium, some touching few labels."""
    labels = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        touched = [draw(st.sets(st.integers(0, n - 1), max_size=n)) for n in labels]
        part = []
        for _ in range(draw(st.integers(1, 4))):
            part.append(tuple(
                np.array([Fraction(draw(st.integers(-3, 3))) if t in touched[f] else Fraction(0)
                          for t in range(labels[f])], dtype=object)
                for f in (0, 1)
            ))  # fmt: skip
        parts.append(part)
    return parts, labels


@SETTINGS
@given(component_contributions())
def test_the_summarized_frontier_is_the_frontier_over_every_component(drawn):
    """Eq. (6)'s "some equilibrium of c" from the summary (coupled components combined,
    the others' maxima added) equals the frontier of the Minkowski sum over every
    component, and "every equilibrium of d" its sums of maxima, at every label pair."""
    from solvers.analysis.dominance import _front_at, _pair_frontier, _summary

    parts, labels = drawn
    summary = _summary(parts, labels)
    for t1 in range(labels[0]):
        for t2 in range(labels[1]):
            whole = _pair_frontier([[(e[0][t1], e[1][t2]) for e in part] for part in parts])
            assert _front_at(parts, summary, t1, t2) == whole
    for f, n in enumerate(labels):
        for t in range(n):
            assert summary.maxima[f][t] == sum(max(e[f][t] for e in part) for part in parts)


def test_break_even_ties_agree_with_the_literal_definition():
    """alpha = 4/5, beta = 7/10, C1 = 4 (firm 1's break-even): every world's tie is free,
    2^K equilibria of no-sharing; Eq. (6) through the summary against the literal
    reading over every pair of whole equilibria, for all sixteen contracts."""
    a, b = Fraction(4, 5), Fraction(7, 10)
    worlds = [(a * b + (min(a, b) - a * b) * Fraction(i, 2), Fraction(1, 3)) for i in range(3)]
    env = correlation(a, b, worlds, 1, 4)
    result = analyze(env, directional_contracts(), exact=True)
    assert result.solutions["no"].count == 2**3
    sets = result.solutions
    for c in sets:
        for d in sets:
            if c != d:
                assert result.verdicts.dominates(c, d) == literal_dominates(sets[c], sets[d])


@SETTINGS
@given(environments(max_worlds=3, max_labels=3))
def test_the_labels_a_component_touches_are_where_its_contributions_live(env):
    """The summary from each component's cell labels equals the one from scanning the
    contributions for nonzero entries, and no contribution is nonzero elsewhere."""
    from solvers.analysis.dominance import _summary

    labels = (len(env.training_labels[0]), len(env.training_labels[1]))
    for s in analyze(env, exact=True).solutions.values():
        parts = s.contributions()
        touched = s.touched_labels()
        for part, held in zip(parts, touched):
            for e in part:
                for f in (0, 1):
                    assert set(np.flatnonzero(e[f]).tolist()) <= set(held[f])
        by_cells, by_scan = _summary(parts, labels, touched), _summary(parts, labels)
        for f in (0, 1):
            assert list(by_cells.maxima[f]) == list(by_scan.maxima[f])
        assert by_cells.coupled == by_scan.coupled


def test_the_float_path_decides_clear_comparisons_itself_and_as_the_exact_one() -> None:
    """Eq. (6) in float64 with rounding bounds: on the worked cases most of the twelve
    ordered pairs are decided without the exact pass (8, 10 and 10), each as the exact
    pass decides it; the rest are left to it (None)."""
    from contracts import worked_cases
    from solvers.analysis.dominance import _dominates_at

    for name, least in (("correlation-0.8-0.7", 8), ("claim-3-point", 10), ("hypotheses-1/10", 10)):
        sets = analyze(worked_cases()[name], exact=False).solutions
        pairs = [(c, d) for c in sets for d in sets if c != d]
        decided = {p: _dominates_at(sets[p[0]], sets[p[1]], False) for p in pairs}
        assert sum(v is not None for v in decided.values()) >= least, name
        for (c, d), verdict in decided.items():
            assert verdict is None or verdict == dominates(sets[c], sets[d]), (name, c, d)
