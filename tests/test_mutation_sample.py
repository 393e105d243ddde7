"""The mutation sample's draw (tests/mutation_sample.py): a fixed number per module,
reproducible, and stable per module when another module's mutants change."""

from __future__ import annotations

from tests.mutation_sample import sample


def states(modules: dict[str, int]) -> dict[str, str]:
    return {f"{m}.x_f__mutmut_{i}": "not checked" for m, n in modules.items() for i in range(n)}


def test_each_module_gives_its_number_or_all_of_its_mutants() -> None:
    chosen = sample(states({"a.b": 100, "a.c": 7, "z.d": 50}), 40, 1, ("a",))
    assert sum(n.startswith("a.b.") for n in chosen) == 40
    assert sum(n.startswith("a.c.") for n in chosen) == 7
    assert not any(n.startswith("z.") for n in chosen)  # another family
    assert chosen == sorted(set(chosen))
    assert sample(states({"a.b": 100, "a.c": 7}), 40, 1) == chosen  # reproducible
    assert sample(states({"a.b": 100, "a.c": 7}), 40, 2) != chosen  # the seed matters


def test_a_module_whose_mutants_change_leaves_the_others_draw_alone() -> None:
    before = sample(states({"a.a": 60, "a.b": 100, "a.c": 80}), 40, 3)
    after = sample(states({"a.a": 75, "a.b": 100, "a.c": 80}), 40, 3)  # a.a changed
    for module in ("a.b.", "a.c."):
        assert [n for n in before if n.startswith(module)] == [
            n for n in after if n.startswith(module)
        ]
    assert [n for n in before if n.startswith("a.a.")] != [n for n in after if n.startswith("a.a.")]


def test_the_score_after_triage_counts_mutmut_and_planted_kills() -> None:
    from tests.mutation_sample import triaged_score, wilson

    chosen = ["m.x_f__mutmut_1", "m.x_f__mutmut_2", "m.x_f__mutmut_3", "m.x_f__mutmut_4",
              "m.x_f__mutmut_5", "m.x_f__mutmut_6"]  # fmt: skip
    states = {chosen[0]: "killed", chosen[1]: "survived", chosen[2]: "not checked",
              chosen[3]: "not checked", chosen[4]: "survived", chosen[5]: "timeout"}  # fmt: skip
    planted = {chosen[1]: "KILLED", chosen[2]: "SURVIVED"}  # a survivor's new test; a screen
    result = triaged_score(states, chosen, planted, {chosen[4]: "equivalent"})
    assert (result["judged"], result["killed"], result["unchecked"]) == (4, 3, 1)
    assert result["open"] == [chosen[2]] and result["score"] == 3 / 4
    low, high = wilson(3, 4)
    assert low < 3 / 4 < high and wilson(0, 0) is None
    # the interval MUTATION.md gives for 254 killed of 315: 75.9% to 84.6%
    assert [round(v, 3) for v in wilson(254, 315)] == [0.759, 0.846]


def test_planted_verdicts_read_the_last_line_and_count_a_timeout_as_a_kill(
    tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import tests.mutation_sample as ms

    planted = tmp_path / "planted.txt"
    planted.write_text("# a comment\nSURVIVED a.x_f__mutmut_1\nKILLED a.x_f__mutmut_2\n"
                       "TIMEOUT a.x_f__mutmut_3\nKILLED a.x_f__mutmut_1\nNOT APPLIED a.x_g__mutmut_1\n"
                       "SURVIVED a.x_h__mutmut_1 6.8\n")  # fmt: skip  (a screen's line: seconds last)
    monkeypatch.setattr(ms, "PLANTED", planted)
    assert ms.planted_verdicts() == {
        "a.x_f__mutmut_1": "KILLED", "a.x_f__mutmut_2": "KILLED", "a.x_f__mutmut_3": "KILLED",
        "a.x_h__mutmut_1": "SURVIVED",
    }  # fmt: skip
    monkeypatch.setattr(ms, "PLANTED", tmp_path / "absent.txt")
    assert ms.planted_verdicts() == {}


def test_a_screen_counts_failures_errors_and_crashes_as_kills_and_refuses_an_empty_run() -> None:
    import pytest

    from tests.mutation_screen import verdict

    assert verdict(0) == "SURVIVED"
    assert [verdict(code) for code in (1, 2, -9)] == ["KILLED"] * 3  # failed, error, signal
    for code in (3, 4, 5):  # internal error, usage error, no tests collected: nothing ran
        with pytest.raises(SystemExit, match=f"pytest exited with {code}"):
            verdict(code)
