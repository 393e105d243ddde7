"""Validation and construction of the model objects (MODEL.md sections 2, 3, 5, 6)."""

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts import (
    Contract,
    Environment,
    Utility,
    correlation,
    directional_contracts,
    information_structure,
    standard_contracts,
    to_fraction,
    two_hypotheses,
)
from contracts.settings import correlation_bounds
from tests.conftest import budget
from tests.strategies import environments


def make(**overrides):
    fields = dict(
        worlds=("w",),
        prior=(1,),
        training_labels=(("0",), ("0",)),
        signal_labels=(("0", "1"), ("0", "1")),
        training=([[1]],),
        inference=([[[F(1, 8)] * 2] * 2, [[F(1, 8)] * 2] * 2],),
        utility=Utility.matching(),
    )
    fields.update(overrides)
    return Environment(**fields)


@pytest.mark.parametrize(
    "overrides, pattern",
    [
        (dict(prior=(F(1, 2),)), r"prior sums to 0.5: must sum to 1 exactly"),
        (dict(prior=(0.5,)), r"prior sums to 0.5: must sum to 1 within 1e-12"),
        (dict(prior=(float("nan"),)), r"prior\[w\] = nan: must be a finite number"),
        (dict(prior=(0,)), r"prior\[w\] = 0: must be in \(0, 1\]"),
        (
            dict(training=([[F(3, 2)]],)),
            r"training\[w\]\[0,0\] = 1.5: must be a probability in \[0, 1\]",
        ),
        (dict(training=([[1, 0]],)), r"training\[w\] has shape \(1, 2\): must have shape \(1, 1\)"),
        (dict(worlds=("w", "w"), prior=(F(1, 2), F(1, 2))), r"worlds = .*labels must be distinct"),
        (dict(utility="matching"), r"utility = 'matching': must be a Utility"),
        (dict(prior=("x",)), r"prior\[w\] = 'x': must be a finite number"),
    ],
)
def test_environment_validation_names_field_value_and_rule(overrides, pattern):
    with pytest.raises(ValueError, match=pattern):
        make(**overrides)


def test_float_tables_within_tolerance_are_accepted_and_exact_ones_are_not():
    third = 1 / 3
    table = [[[F(1, 8)] * 2] * 2] * 2
    three = dict(worlds=("a", "b", "c"), training=([[1]],) * 3, inference=(table,) * 3)
    env = make(prior=(third, third, third), **three)
    assert sum(env.prior) != 1 and abs(sum(env.prior) - 1) < F(1, 10**15)
    with pytest.raises(ValueError, match="must sum to 1 exactly"):
        make(prior=(F(1, 3), F(1, 3), F(1, 3) - F(1, 10**15)), **three)


def test_negative_utility_is_rejected():
    with pytest.raises(ValueError, match=r"utility.cost1 = -1: must be nonnegative"):
        Utility(0, 1, 0, -1)


@pytest.mark.parametrize(
    "text, value",
    [
        ("1441/2000", F(1441, 2000)),
        (" 0.7205 ", F(7205, 10000)),
        ("3", F(3)),
        (0.1, F(1, 10)),
        (F(2, 3), F(2, 3)),
    ],
)
def test_numbers_are_read_exactly(text, value):
    assert to_fraction(text, "x") == value


@pytest.mark.parametrize("text", ["", "1/0", "abc", "inf", "nan", "1/", True, None, [1]])
def test_bad_numbers_name_the_field(text):
    with pytest.raises(ValueError, match=r"^x = "):
        to_fraction(text, "x")


def test_contract_names_round_trip_for_all_sixteen():
    names = [c.name for c in directional_contracts()]
    assert len(set(names)) == 16
    assert [Contract.named(n) for n in names] == list(directional_contracts())
    assert [c.name for c in standard_contracts()] == ["no", "train", "infer", "full"]
    assert Contract.named("model1>2+model2>1") == Contract.named("train")


@pytest.mark.parametrize("name", ["", "share", "pred1>2+pred1>2", "model1>2+", "FULL"])
def test_unknown_contract_names_are_rejected(name):
    with pytest.raises(ValueError, match=r"contract = .*must be one of"):
        Contract.named(name)


def test_observations_follow_the_spec_table():
    assert Contract.named("no").observes(1) == ("t1", "s1")
    assert Contract.named("train").observes(1) == ("t1", "t2", "s1")
    assert Contract.named("infer").observes(2) == ("t2", "s1", "s2")
    assert Contract.named("full").observes(2) == ("t1", "t2", "s1", "s2")
    assert Contract.named("pred1>2").observes(1) == ("t1", "s1")
    assert Contract.named("pred1>2").observes(2) == ("t2", "s1", "s2")


@settings(max_examples=budget(40))
@given(
    st.fractions(min_value=F(1, 2), max_value=1, max_denominator=50),
    st.fractions(min_value=F(1, 2), max_value=1, max_denominator=50),
    st.fractions(min_value=0, max_value=1, max_denominator=50),
)
def test_correlation_tables_have_the_stated_marginals(alpha, beta, where):
    low, high = correlation_bounds(alpha, beta)
    rho = low + where * (high - low)
    env = correlation(alpha, beta, [(rho, 1)])
    table = np.array(env.inference[0], dtype=object)
    assert table.sum() == 1
    assert table[1].sum() == F(1, 2)  # P(y = 1) = 1/2
    assert table[1, 1, :].sum() * 2 == alpha  # firm 1 right given y = 1
    assert table[0, 0, :].sum() * 2 == alpha  # ... and given y = 0
    assert table[1, :, 1].sum() * 2 == beta
    assert table[1, 1, 1] * 2 == rho


def test_correlation_keywords_and_infeasible_rho():
    env = correlation("0.8", "0.7", [("indep", "1/3"), ("max", "1/3"), ("min", "1/3")])
    rhos = [np.array(t, dtype=object)[1, 1, 1] * 2 for t in env.inference]
    assert rhos == [F(56, 100), F(7, 10), F(1, 2)]
    with pytest.raises(ValueError, match=r"worlds\[0\].rho = 0.4: must be feasible.*\[0.5, 0.7\]"):
        correlation("0.8", "0.7", [("0.4", 1)])
    with pytest.raises(ValueError, match="cost = 0: must be positive"):
        correlation("0.8", "0.7", [("indep", 1)], cost=0)


def test_canonical_training_reveals_the_world_only_jointly():
    env = correlation("0.8", "0.7", [("indep", "1/3"), ("max", "1/3"), ("min", "1/3")])
    for train in env.training:
        t = np.array(train, dtype=object)
        assert list(t.sum(axis=1)) == [F(1, 3)] * 3  # t1 alone is uniform in every world
        assert list(t.sum(axis=0)) == [F(1, 3)] * 3  # so is t2
    supports = [frozenset(zip(*np.nonzero(np.array(t, dtype=object)))) for t in env.training]
    assert len(set(supports)) == 3 and not set.intersection(*map(set, supports))


def test_two_hypotheses_tables_and_firm_two_cannot_tell_the_worlds_apart():
    env = two_hypotheses("1/10", "1/10", "1/20", "3/10")
    tables = [np.array(t, dtype=object) for t in env.inference]
    assert all(t.sum() == 1 for t in tables)
    # firm 2's (signal, label) law is the same under I and II (MODEL.md section 6)
    assert (tables[0].sum(axis=1) == tables[1].sum(axis=1)).all()
    assert (tables[0].sum(axis=2) != tables[1].sum(axis=2)).any()
    assert env.training_labels == (("I", "II"), ("*",))


def test_one_sample_training_is_one_draw_of_the_world():
    env = two_hypotheses("1/16", "201/2048", "1/64", "29/64", one_sample=True)
    for train, infer in zip(env.training, env.inference):
        t, i = np.array(train, dtype=object), np.array(infer, dtype=object)
        assert t.sum() == 1
        # t1 = (s1, y): P(t1 = (A, 1)) = P(s1 = A, y = 1)
        assert t[env.training_labels[0].index("(A,1)")].sum() == i[1, 0, :].sum()
        # both firms saw the same label
        for a, la in enumerate(env.training_labels[0]):
            for b, lb in enumerate(env.training_labels[1]):
                if la[-2] != lb[-2]:
                    assert t[a, b] == 0


@pytest.mark.parametrize(
    "args, pattern",
    [
        (("0", "1/10", "0", "0"), r"prior_i = 0: must be in \(0, 1\)"),
        (("1/2", "2", "0", "0"), r"kappa = 2: must be a probability"),
        (("1/2", "1/2", "3/4", "1/2"), r"lambda \+ mu = 1.25: must be at most 1"),
        (("1/2", "1/2", "-1", "0"), r"lambda = -1: must be nonnegative"),
    ],
)
def test_two_hypotheses_validation(args, pattern):
    with pytest.raises(ValueError, match=pattern):
        two_hypotheses(*args)


def test_information_cells_are_only_those_of_positive_probability():
    env = correlation("0.8", "0.7", [("max", 1)])  # P(s1 = 0, s2 = 1 | y = 1) = 0
    info = information_structure(env, Contract.named("full"))
    assert info.mass.sum() == 1
    assert all(info.mass[c1].sum() > 0 for c1 in range(len(info.cells[0])))
    assert len(info.cells[0]) == 4  # all four signal pairs occur once y is summed out
    env2 = correlation("1", "1", [("max", 1)])  # signals always right and equal
    info2 = information_structure(env2, Contract.named("full"))
    assert info2.cell_names(0) == ["t1=0,t2=0,s1=0,s2=0", "t1=0,t2=0,s1=1,s2=1"]


@pytest.mark.parametrize(
    "overrides, pattern",
    [
        (dict(training=([[F(99, 100)]],)), r"training\[w\] sums to 0.99: must sum to 1 exactly"),
        (
            dict(inference=([[[F(1, 8)] * 2] * 2, [[F(1, 8), F(1, 4)], [F(1, 8)] * 2]],)),
            r"inference\[w\] sums to 1.125: must sum to 1 exactly",
        ),
        (dict(prior=(F(3, 2),)), r"prior\[w\] = 1.5: must be in \(0, 1\]"),
    ],
)
def test_every_table_of_every_world_must_sum_to_one(overrides, pattern):
    with pytest.raises(ValueError, match=pattern):
        make(**overrides)


def test_a_second_world_is_validated_too():
    table = [[[F(1, 8)] * 2] * 2, [[F(1, 8)] * 2] * 2]
    bad = [[[F(1, 8)] * 2] * 2, [[F(1, 8), F(1, 16)], [F(1, 8)] * 2]]
    with pytest.raises(ValueError, match=r"inference\[v\] sums to 0.9375"):
        make(
            worlds=("w", "v"),
            prior=(F(1, 2), F(1, 2)),
            training=([[1]], [[1]]),
            inference=(table, bad),
        )


@pytest.mark.parametrize(
    "name, flags, swapped",
    [
        ("model1>2", (True, False, False, False), "model2>1"),
        ("model2>1", (False, True, False, False), "model1>2"),
        ("pred1>2", (False, False, True, False), "pred2>1"),
        ("pred2>1", (False, False, False, True), "pred1>2"),
        ("model1>2+pred2>1", (True, False, False, True), "model2>1+pred1>2"),
        ("train", (True, True, False, False), "train"),
        ("infer", (False, False, True, True), "infer"),
    ],
)
def test_flow_names_set_the_right_flags_and_swap_the_right_way(name, flags, swapped):
    contract = Contract.named(name)
    assert contract.flags == flags
    assert contract.swapped() == Contract.named(swapped)
    assert contract.swapped().swapped() == contract


def test_every_directional_contract_shows_each_firm_what_the_flow_names_say():
    """Engine cells against the reference model (tests/reference.py), which reads the
    observations from the flow names alone, on an environment where every realization has
    positive probability, for all sixteen contracts."""
    from tests import reference

    env = Environment(
        worlds=("w",),
        prior=(1,),
        training_labels=(("a", "b"), ("c", "d")),
        signal_labels=(("0", "1"), ("0", "1")),
        training=([[F(1, 4)] * 2] * 2,),
        inference=([[[F(1, 8)] * 2] * 2, [[F(1, 8)] * 2] * 2],),
        utility=Utility.matching(),
    )
    for contract in directional_contracts():
        info = information_structure(env, contract)
        for firm in (0, 1):
            engine = {reference.parse_cell_name(n) for n in info.cell_names(firm)}
            assert engine == set(reference.observations(env, contract.name)[firm]), contract.name


def _entry(env, world, y, s1, s2):
    w = env.worlds.index(world)
    return env.inference[w][y][env.signal_labels[0].index(s1)][env.signal_labels[1].index(s2)]


def test_two_hypotheses_tables_are_the_model_table_entry_by_entry():
    """MODEL.md section 6 with kappa, lambda, mu all different, so no swap goes unseen."""
    k, lam, mu = F(1, 10), F(1, 20), F(3, 10)
    env = two_hypotheses("1/4", k, lam, mu)
    rest = 1 - k
    expected = {
        "I": {
            (1, "A", "a"): k,
            (0, "A", "b"): rest * lam,
            (0, "B", "a"): rest * mu,
            (0, "A", "a"): 0,
            (0, "B", "b"): rest * (1 - lam - mu),
        },
        "II": {
            (1, "B", "a"): k,
            (0, "A", "b"): rest * lam,
            (0, "B", "a"): 0,
            (0, "A", "a"): rest * mu,
            (0, "B", "b"): rest * (1 - lam - mu),
        },
    }
    for world, entries in expected.items():
        for (y, s1, s2), value in entries.items():
            assert _entry(env, world, y, s1, s2) == value, (world, y, s1, s2)
        assert sum(entries.values()) == 1  # nothing else has mass
    assert env.prior == (F(1, 4), F(3, 4))
    assert env.training == (((1,), (0,)), ((0,), (1,)))  # t1 is the world, t2 constant


def test_correlation_tables_are_the_model_table_entry_by_entry():
    alpha, beta, rho = F(4, 5), F(7, 10), F(3, 5)
    env = correlation(alpha, beta, [(rho, 1)])
    given_one = {
        ("1", "1"): rho,
        ("1", "0"): alpha - rho,
        ("0", "1"): beta - rho,
        ("0", "0"): 1 - alpha - beta + rho,
    }
    for (s1, s2), p in given_one.items():
        assert _entry(env, "w0", 1, s1, s2) == p / 2
        flipped = (str(1 - int(s1)), str(1 - int(s2)))
        assert _entry(env, "w0", 0, *flipped) == p / 2  # y = 0: both signals complemented
    assert env.utility == Utility(F(0), F(1), F(0), F(1))


@given(
    st.lists(st.fractions(min_value=0, max_value=50, max_denominator=60), min_size=4, max_size=4)
)
def test_integer_payoffs_are_the_exclusive_payoffs_over_their_least_denominator(values):
    from math import gcd

    u = Utility(*values)
    (ints, q) = u.integer_payoffs
    assert [[F(ints[a][y], q) for y in (0, 1)] for a in (0, 1)] == [
        [u.exclusive_payoff(a, y) for y in (0, 1)] for a in (0, 1)
    ]
    assert gcd(q, *ints[0], *ints[1]) == 1  # the least common denominator


@settings(max_examples=budget(40))
@given(environments(max_worlds=3, max_labels=3))
def test_realizations_are_the_positive_entries_of_the_joint_mass_in_index_order(env):
    joint = env.joint_mass  # (T1, T2, 2, S1, S2)
    expected = [
        (t1, t2, s1, s2, joint[t1, t2, 0, s1, s2], joint[t1, t2, 1, s1, s2])
        for (t1, t2, s1, s2), total in np.ndenumerate(joint.sum(axis=2))
        if total > 0
    ]
    assert list(env.realizations) == expected


def test_tables_keyed_by_labels_collect_each_alphabet_in_order_of_appearance():
    env = Environment.from_tables(
        prior={"w": 1},
        training={"w": {("high", "lo"): "1/2", ("low", "hi"): "1/2"}},
        inference={"w": {(0, "A", "a"): "1/2", (1, "B", "b"): "1/4", (1, "A", "b"): "1/4"}},
        utility=Utility.matching(),
    )
    assert env.training_labels == (("high", "low"), ("lo", "hi"))
    assert env.signal_labels == (("A", "B"), ("a", "b"))
    assert env.inference[0][1][0][1] == F(1, 4)  # y = 1, s1 = A, s2 = b
    with pytest.raises(ValueError) as refused:
        Environment.from_tables({"w": 1}, {"w": {("high",): 1}}, {"w": {(0, "A", "a"): 1}},
                                Utility.matching())  # fmt: skip
    assert str(refused.value) == "training[w] key ('high',): must be a tuple of 2 labels"
    table = {("high", "lo"): 1}
    with pytest.raises(ValueError) as refused:
        Environment.from_tables({"w": 1}, {"w": table, "v": table}, {"w": {(0, "A", "a"): 1}},
                                Utility.matching())  # fmt: skip
    assert (
        str(refused.value) == "training worlds ['v', 'w']: must be exactly the prior's worlds ['w']"
    )
    with pytest.raises(ValueError) as refused:
        Environment.from_tables({"w": 1}, {"w": table}, {}, Utility.matching())
    assert str(refused.value) == "inference worlds []: must be exactly the prior's worlds ['w']"


def test_contract_families_and_their_refusal():
    """``standard``: the four named contracts; ``directional``: all sixteen flow sets,
    each once; anything else is refused naming both families."""
    from contracts.contract import contract_family

    assert [c.name for c in contract_family("standard")] == ["no", "train", "infer", "full"]
    directional = contract_family("directional")
    assert len(directional) == len({c.flags for c in directional}) == 16
    assert {c.name for c in contract_family("standard")} <= {c.name for c in directional}
    with pytest.raises(ValueError) as refused:
        contract_family("all")
    assert str(refused.value) == "contracts = 'all': must be 'standard' or 'directional'"


def test_scaling_multiplies_all_four_parameters_and_significant_action_names_its_fields():
    assert Utility(1, 2, 3, 4).scaled("1/2") == Utility(F(1, 2), 1, F(3, 2), 2)
    with pytest.raises(ValueError, match=r"^factor = 0: must be positive$"):
        Utility(1, 2, 3, 4).scaled(0)
    assert Utility.significant_action(2, "1/4") == Utility(0, 2, 0, F(1, 4))
    for field, args in (("reward", ("x", 1)), ("cost", (1, "x"))):
        with pytest.raises(ValueError) as refused:
            Utility.significant_action(*args)
        assert str(refused.value) == f"{field} = 'x': must be a finite number (decimal or p/q)"
