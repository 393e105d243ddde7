"""Environment files: exact round trip, and malformed files rejected with one ValueError."""

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts import (
    environment_from_dict,
    environment_from_json,
    environment_to_dict,
    load_environment,
    save_environment,
    worked_cases,
)
from tests.conftest import budget
from tests.strategies import JUNK, environments, mutated_environment_files


@settings(max_examples=budget(40))
@given(environments(max_worlds=3, max_labels=3))
def test_save_and_load_round_trip_exactly(env):
    text = json.dumps(environment_to_dict(env))
    again = environment_from_json(text)
    assert again == env
    assert environment_to_dict(again) == environment_to_dict(env)


def test_round_trip_through_disk(tmp_path):
    for env in worked_cases().values():
        path = tmp_path / "env.json"
        save_environment(env, path)
        assert load_environment(path) == env
    assert [p.name for p in tmp_path.iterdir()] == ["env.json"]  # no temporary left behind


def test_json_numbers_and_exact_strings_both_load():
    data = environment_to_dict(worked_cases()["hypotheses-1/10"])
    data["utility"] = {"R0": 1, "R1": 1.0, "C0": "0", "C1": "0/7"}
    data["worlds"][0]["prior"] = 0.1
    env = environment_from_dict(data)
    assert env == worked_cases()["hypotheses-1/10"]


BASE = environment_to_dict(worked_cases()["claim-3-point"])


@settings(max_examples=budget(200))
@given(mutated_environment_files())
def test_mutated_files_load_or_raise_one_value_error(text):
    try:
        environment_from_json(text)
    except ValueError as error:
        assert str(error) and "\n" not in str(error)


@settings(max_examples=budget(100))
@given(st.text(max_size=40) | JUNK.map(json.dumps))
def test_arbitrary_text_loads_or_raises_one_value_error(text):
    try:
        environment_from_json(text)
    except ValueError as error:
        assert str(error)


@pytest.mark.parametrize(
    "edit, pattern",
    [
        (lambda d: d.pop("worlds"), r"worlds = None: must be a non-empty list"),
        (
            lambda d: d["utility"].pop("C1"),
            r"utility has keys .*: must have exactly R0, R1, C0, C1",
        ),
        (lambda d: d["worlds"][0].update(prior="7/5"), r"prior\[w0\] = 1.4: must be in \(0, 1\]"),
        (
            lambda d: d["worlds"][1].update(name="w0"),
            r"worlds\[1\].name = 'w0': world names must be distinct",
        ),
        (
            lambda d: d["worlds"][0]["inference"].append([2, "0", "0", "0"]),
            r"label y = '2' must be 0 or 1",
        ),
        (
            lambda d: d["worlds"][0]["training"][0].pop(),
            r"training\[0\] = .*must be a list of 2 labels",
        ),
        (
            lambda d: d.update(format="other/2"),
            r"format = 'other/2': must be 'predshare-environment/1'",
        ),
        (
            lambda d: d["worlds"][0]["training"].append(["0", "9", "0"]),
            r"t2 = '9': not among the labels",
        ),
    ],
)
def test_specific_malformations_have_specific_messages(edit, pattern):
    data = copy.deepcopy(BASE)
    edit(data)
    with pytest.raises(ValueError, match=pattern):
        environment_from_dict(data)


def test_nan_and_bad_json_are_rejected():
    with pytest.raises(ValueError, match="NaN is not allowed"):
        environment_from_json('{"worlds": [{"prior": NaN}]}')
    with pytest.raises(ValueError, match="not valid JSON"):
        environment_from_json("{")


@pytest.mark.parametrize(
    "edit, pattern",
    [
        (
            lambda d: d["worlds"][0]["training"].append(list(d["worlds"][0]["training"][0])),
            r"worlds\[0\].training\[\d+\] repeats the key \['0', '0'\]: each key may appear once",
        ),
        (lambda d: d.update(colour="red"), r"unknown field\(s\) \['colour'\]"),
        (
            lambda d: d["worlds"][0].update(weight="1"),
            r"worlds\[0\] has unknown field\(s\) \['weight'\]",
        ),
        (
            lambda d: d["labels"].update(t3=["0"]),
            r"labels has keys .*: must have exactly t1, t2, s1, s2",
        ),
        (lambda d: d["worlds"][0].pop("prior"), r"worlds\[0\].prior is missing"),
        (
            lambda d: d["worlds"][0]["training"][0].__setitem__(2, True),
            r"must be a number or a 'p/q' string",
        ),
        (lambda d: d["labels"].update(t1=[1.5, "1"]), r"labels.t1\[0\] = .*must be a label"),
    ],
)
def test_the_reader_is_strict(edit, pattern):
    data = copy.deepcopy(BASE)
    edit(data)
    with pytest.raises(ValueError, match=pattern):
        environment_from_dict(data)


def _one_world_file(training_probability: str) -> str:
    """A one-world file whose training table is one row; JSON float or exact string."""
    return (
        '{"utility": {"R0": 0, "R1": 1, "C0": 0, "C1": 1}, "worlds": [{"prior": 1, '
        f'"training": [["0", "0", {training_probability}]], '
        '"inference": [[0, "0", "0", 0.5], [1, "1", "1", 0.5]]}]}'
    )


@pytest.mark.parametrize(
    "probability, accepted",
    [
        ("0.9999999999999", True),  # a JSON float 1e-13 off: within 1e-12
        ("0.999999999999", True),  # exactly 1e-12 off: the tolerance is inclusive
        ("0.99999999999", False),  # 1e-11 off
        ('"0.9999999999999"', False),  # an exact string must sum to one exactly
        ('"1"', True),
    ],
)
def test_float_tolerance_applies_to_json_floats_only(probability, accepted):
    text = _one_world_file(probability)
    if accepted:
        assert environment_from_json(text).training[0][0][0] > 0
    else:
        with pytest.raises(ValueError, match=r"training\[w0\] sums to"):
            environment_from_json(text)


def _broken(change) -> str:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(BASE)
    change(data)
    with pytest.raises(ValueError) as refused:
        environment_from_dict(data)
    return str(refused.value)


def test_each_part_of_a_file_is_named_in_its_refusal():
    def world_not_object(d):  # type: ignore[no-untyped-def]
        d["worlds"][1] = [1]

    def world_name_not_label(d):  # type: ignore[no-untyped-def]
        d["worlds"][0]["name"] = [1]

    def utility_not_object(d):  # type: ignore[no-untyped-def]
        d["utility"] = 3

    def utility_value_not_number(d):  # type: ignore[no-untyped-def]
        d["utility"]["R1"] = [1]

    def positive_not_object(d):  # type: ignore[no-untyped-def]
        d["positive_signals"] = ["1"]

    def world_key_unknown(d):  # type: ignore[no-untyped-def]
        d["worlds"][0]["colour"] = "red"

    def positive_s1_not_label(d):  # type: ignore[no-untyped-def]
        d["positive_signals"] = {"s1": [1], "s2": "1"}

    def positive_s2_not_label(d):  # type: ignore[no-untyped-def]
        d["positive_signals"] = {"s1": "1", "s2": True}

    def positive_keys(d):  # type: ignore[no-untyped-def]
        d["positive_signals"] = {"s1": "1"}

    assert _broken(world_not_object).startswith(
        "worlds[1] = [1]: must be an object with name, prior, training, inference"
    )
    assert _broken(world_name_not_label).startswith("worlds[0].name = [1]")
    assert _broken(utility_not_object).startswith(
        "utility = 3: must be an object with R0, R1, C0, C1"
    )
    assert _broken(utility_value_not_number).startswith("utility.R1 = [1]")
    assert _broken(positive_not_object).startswith("positive_signals = ['1']")
    assert "name, prior, training, inference" in _broken(world_key_unknown)
    assert _broken(lambda d: d.update(colour="red")) == (
        "environment has unknown field(s) ['colour']: allowed are format, name, utility, "
        "labels, worlds, positive_signals"
    )
    label = "must be a label (string or integer)"
    assert _broken(positive_s1_not_label) == f"positive_signals.s1 = [1]: {label}"
    assert _broken(positive_s2_not_label) == f"positive_signals.s2 = True: {label}"
    assert _broken(positive_keys) == "positive_signals has keys ['s1']: must have exactly s1, s2"


def test_alphabets_and_written_integers_at_their_limits():
    from contracts.limits import MAX_LABELS
    from contracts.numbers import MAX_DIGITS

    def labels(n):  # type: ignore[no-untyped-def]
        def change(d):  # type: ignore[no-untyped-def]
            d["labels"]["s2"] = [str(i) for i in range(n)]

        return change

    # MAX_LABELS signal labels are accepted (the tables may leave them unused) ...
    data = copy.deepcopy(BASE)
    labels(MAX_LABELS)(data)
    data.pop("positive_signals")
    assert len(environment_from_dict(data).signal_labels[1]) == MAX_LABELS
    # ... one more is refused by name
    assert _broken(labels(MAX_LABELS + 1)) == (
        f"labels.s2: {MAX_LABELS + 1} labels: at most {MAX_LABELS} per alphabet"
    )
    # a written integer of MAX_DIGITS digits loads; longer ones are refused in one line
    text = json.dumps(BASE).replace('"R1": "1"', '"R1": 1' + "0" * (MAX_DIGITS - 1))
    assert environment_from_json(text).utility.reward1 == 10 ** (MAX_DIGITS - 1)
    for digits in (MAX_DIGITS + 1, MAX_DIGITS + 2):
        longer = json.dumps(BASE).replace('"R1": "1"', '"R1": 1' + "0" * (digits - 1))
        with pytest.raises(ValueError, match=f"at most {MAX_DIGITS} digits") as refused:
            environment_from_json(longer)
        assert "\n" not in str(refused.value)
