"""Patterns and inversion read each firm's signals by which one goes with y = 1 (MODEL.md
section 9): declared by the setting or the environment file, never guessed from label
order; undefined, with the reason, where nothing declares it."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest

from contracts import Environment, correlation, environment_from_json, two_hypotheses
from contracts.files import environment_to_dict
from solvers import analyze
from solvers.equilibria.consumers import NO_POSITIVE_SIGNAL

HYPOTHESES = [
    ("3/10", "1/5", "4/5", "1/5", {}),
    ("1/10", "1/10", "1/20", "3/10", {}),
    ("1/2", "1/5", "3/10", "2/5", {}),
    ("1/16", "201/2048", "1/64", "29/64", {"one_sample": True}),
    ("1/4", "1/20", "1/20", "7/20", {"samples": 2}),
    ("1/2", "1/5", "3/10", "2/5", {"samples": 3}),
]


def firm2_pattern(strategy: dict[str, int]) -> str:
    """Firm 2's no-sharing pattern read off its strategy by the signal names themselves:
    acting on a (the positive signal) only is following it."""
    acts = {cell.split("s2=")[1] for cell, a in strategy.items() if a == 1}
    return {frozenset(): "inactive", frozenset({"a"}): "follows", frozenset({"b"}): "against",
            frozenset({"a", "b"}): "always"}[frozenset(acts)]  # fmt: skip


@pytest.mark.parametrize("prior, kappa, lam, mu, variant", HYPOTHESES)
def test_two_hypotheses_patterns_follow_the_positive_signal(prior, kappa, lam, mu, variant) -> None:
    env = two_hypotheses(prior, kappa, lam, mu, **variant)
    assert env.positive_signals == ("A", "a")
    data = analyze(env, ["no"], exact=True).to_dict()
    for eq in data["contracts"]["no"]["equilibria"]:
        strategy = eq["strategy"]["firm2"]
        if "t2=*" not in next(iter(strategy)):
            continue  # one-sample: firm 2's own example is its training observation
        expected = firm2_pattern(strategy)
        assert set(eq["patterns"]["firm2"].values()) == {expected}
        assert eq["inverted"] == (expected == "against")


def test_the_reported_case_of_the_issue_is_read_right() -> None:
    """two_hypotheses(3/10, 1/5, 4/5, 1/5), no-sharing: firm 2 acts on a, so it follows its
    signal and the equilibrium is not inverted (sorting the labels said the opposite)."""
    data = analyze(two_hypotheses("3/10", "1/5", "4/5", "1/5"), ["no"], exact=True).to_dict()
    eq = data["contracts"]["no"]["equilibria"][0]
    assert eq["strategy"]["firm2"] == {"t2=*,s2=a": 1, "t2=*,s2=b": 0}
    assert eq["patterns"]["firm2"] == {"I": "follows", "II": "follows"}
    assert eq["inverted"] is False


def test_example_4_7_is_inverted() -> None:
    """MODEL.md section 9, Example 4.7: train-sharing's equilibrium is inverted."""
    env = correlation("3/4", "101/200", [("13/50", "1/3"), ("1/2", "2/3")], reward=1,
                      cost="143/200")  # fmt: skip
    assert env.positive_signals == ("1", "1")
    view = analyze(env, exact=True).solutions["train"].consumer_views()[0]
    assert view.inverted is True and view.trade_probability == F(209, 240)


def _relabelled(env: Environment, positive: tuple[str, str] | None) -> Environment:
    """The same environment with the signals' label order reversed for both firms."""
    data = environment_to_dict(env)
    data["labels"]["s1"] = data["labels"]["s1"][::-1]
    data["labels"]["s2"] = data["labels"]["s2"][::-1]
    data.pop("positive_signals", None)
    if positive is not None:
        data["positive_signals"] = {"s1": positive[0], "s2": positive[1]}
    return environment_from_json(json.dumps(data))


def test_the_label_order_changes_nothing_once_the_positive_signal_is_declared() -> None:
    env = two_hypotheses("3/10", "1/5", "4/5", "1/5")
    original = analyze(env, ["no"], exact=True).to_dict()["contracts"]["no"]["equilibria"]
    flipped = analyze(_relabelled(env, ("A", "a")), ["no"], exact=True).to_dict()
    for a, b in zip(original, flipped["contracts"]["no"]["equilibria"]):
        assert a["patterns"] == b["patterns"] and a["inverted"] == b["inverted"]


def test_without_a_declaration_the_reading_is_undefined_with_its_reason() -> None:
    env = _relabelled(two_hypotheses("3/10", "1/5", "4/5", "1/5"), None)
    assert env.positive_signals is None
    eq = analyze(env, ["no"], exact=True).to_dict()["contracts"]["no"]["equilibria"][0]
    assert eq["patterns"] is None and eq["inverted"] is None
    assert eq["patterns_reason"] == NO_POSITIVE_SIGNAL


@pytest.mark.parametrize(
    "positive, message",
    [
        (("A", "c"), "positive_signals[1] = 'c': not a label of s2"),
        (("X", "a"), "positive_signals[0] = 'X': not a label of s1"),
        (("A",), "must be a pair"),
    ],
)
def test_a_bad_declaration_is_refused(positive, message) -> None:
    env = two_hypotheses("3/10", "1/5", "4/5", "1/5")
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Environment(env.worlds, env.prior, env.training_labels, env.signal_labels, env.training,
                    env.inference, env.utility, positive_signals=positive)  # fmt: skip


def test_a_middle_label_cannot_be_the_positive_one() -> None:
    text = json.dumps({
        "format": "predshare-environment/1",
        "utility": {"R0": 1, "R1": 1, "C0": 0, "C1": 0},
        "labels": {"t1": ["0"], "t2": ["0"], "s1": ["lo", "mid", "hi"], "s2": ["x"]},
        "positive_signals": {"s1": "mid", "s2": "x"},
        "worlds": [{"name": "w", "prior": 1, "training": [["0", "0", 1]],
                    "inference": [[1, "hi", "x", "1/2"], [0, "lo", "x", "1/2"]]}],
    })  # fmt: skip
    with pytest.raises(ValueError, match="must be the first or last label of s1"):
        environment_from_json(text)


def test_environment_files_keep_the_declaration() -> None:
    env = two_hypotheses("3/10", "1/5", "4/5", "1/5", samples=2)
    again = environment_from_json(json.dumps(environment_to_dict(env)))
    assert again.positive_signals == ("A", "a") and again == env
