"""The benchmark harness: interleaved rounds, well-formed JSON and report, and
--compare flagging a planted slowdown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from predshare.bench.cases import all_cases, select
from predshare.bench.harness import MIN_ROUNDS, SCHEMA, Case, compare, measure, run_suite
from predshare.bench.report import BEGIN, END, readme_with_bench, write_report
from predshare.cli import main


def spin(n: int) -> int:
    return sum(i * i for i in range(n))


def tiny_suite(slow: int = 1) -> list[Case]:
    return [
        Case("spin", "spin", "long", "short", lambda: spin(20000), lambda: spin(2000 * slow)),
        Case("curve-1", "curve", "a", "b", lambda: spin(1000), lambda: spin(500), axis="n", x=1),
        Case("curve-2", "curve", "a", "b", lambda: spin(2000), lambda: spin(1000), axis="n", x=2),
    ]


def test_cases_run_interleaved_for_at_least_seven_rounds() -> None:
    calls: list[str] = []
    case = Case("c", "g", "A", "B", lambda: calls.append("A"), lambda: calls.append("B"))
    result = measure(case, rounds=3)
    assert result["rounds"] == MIN_ROUNDS
    # one warm-up each, then A B, B A, A B, ...
    assert calls[:2] == ["A", "B"]
    assert calls[2:6] == ["A", "B", "B", "A"] and len(calls) == 2 + 2 * MIN_ROUNDS
    assert len(result["ratios"]) == MIN_ROUNDS


def test_a_tiny_suite_writes_well_formed_json_and_report(tmp_path: Path) -> None:
    document = run_suite(tiny_suite())
    assert document["schema"] == SCHEMA and len(document["cases"]) == 3
    machine = document["machine"]
    assert machine["cores"] >= 1 and len(machine["load_before"]) == 3
    spin_case = document["cases"][0]
    for side in ("baseline", "candidate"):
        cpu = spin_case[side]["cpu"]
        assert cpu["min"] <= cpu["median"] <= cpu["max"]
    assert spin_case["ratio"] > 2  # 20000 against 2000 squares
    written = write_report(document, tmp_path)
    assert json.loads((tmp_path / "results" / "bench.json").read_text()) == document
    assert (tmp_path / "results" / "scaling.png").read_bytes()[:4] == b"\x89PNG"
    assert "| " not in (tmp_path / "RESULTS.md").read_text()[:10]
    assert "spin" in (tmp_path / "RESULTS.md").read_text() and len(written) == 3
    readme = f"intro\n{BEGIN}\nold\n{END}\nrest\n"
    block = readme_with_bench(readme, document)
    assert block.startswith(f"intro\n{BEGIN}\nMachine:") and "spin" in block
    assert block.endswith(f"{END}\nrest\n") and "old" not in block


def test_a_memory_case_compares_what_each_side_returns_and_not_per_unit() -> None:
    """On the rss clock the ratio is the baseline's returned peak over the candidate's,
    whatever the units; the report prints MiB."""
    from predshare.bench.report import cases_table

    result = measure(Case("m", "g", "small", "large", lambda: 100.0, lambda: 120.0,
                          clock="rss", units=(1, 16)))  # fmt: skip
    assert result["ratio"] == pytest.approx(100 / 120)
    assert result["baseline"]["rss"]["median"] == 100 and result["candidate"]["rss"]["max"] == 120
    assert "rss MiB median" in cases_table([result]) and " 100 (100..100)" in cases_table([result])


def test_a_ratio_is_per_unit_of_work_and_on_the_case_clock() -> None:
    """The candidate squares 10x as many numbers per call but is credited 10 units: per
    unit both sides do the same work, so the ratio is near 1, not near 0.1. On the wall
    clock a sleeping baseline is slower; on the CPU clock the sleep does not count."""
    import time

    fair = measure(Case("u", "g", "a", "b", lambda: spin(4000), lambda: spin(40000),
                        units=(1, 10), unit="squares"))  # fmt: skip
    assert 0.4 < fair["ratio"] < 2.5
    assert fair["units"] == {"baseline": 1, "candidate": 10, "unit": "squares"}

    def sleep_then_spin() -> None:
        time.sleep(0.05)
        spin(50000)

    wall = measure(Case("w", "g", "a", "b", sleep_then_spin, lambda: spin(50000), clock="wall"))
    cpu = measure(Case("c", "g", "a", "b", sleep_then_spin, lambda: spin(50000)))
    assert wall["clock"] == "wall" and wall["ratio"] > 3
    assert cpu["clock"] == "cpu" and cpu["ratio"] < 3
    with pytest.raises(ValueError, match=r"^clock = 'gpu': must be one of cpu, wall, rss$"):
        Case("x", "g", "a", "b", spin, spin, clock="gpu")
    with pytest.raises(ValueError, match=r"^units = \(0, 1\): must be positive$"):
        Case("x", "g", "a", "b", spin, spin, units=(0, 1))


def test_the_report_has_a_table_per_group_under_its_description() -> None:
    from predshare.bench.report import grouped_tables

    document = run_suite(tiny_suite(), groups={"spin": "squares, long against short"})
    assert document["groups"] == {"spin": "squares, long against short", "curve": ""}
    text = grouped_tables(document)
    spin_part, curve_part = text.split("`curve`")
    assert (
        spin_part.startswith("`spin`: squares, long against short.") and "curve-1" not in spin_part
    )
    assert "curve-1" in curve_part and "curve-2" in curve_part and "spin " not in curve_part
    assert "work per call" not in text  # no case counts units


def test_compare_flags_a_planted_slowdown() -> None:
    before = run_suite(tiny_suite())
    after = run_suite(tiny_suite(slow=8))  # the candidate does 8 times the work
    flagged = compare(after, before, factor=2.0)
    assert [c["name"] for c in flagged] == ["spin"]
    assert flagged[0]["slower_by"] > 2
    assert compare(before, before, factor=1.5) == []


def test_the_command_runs_a_case_and_compares(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bench", "--case", "alphabet-8", "--out", str(tmp_path)]) == 0
    document = json.loads((tmp_path / "results" / "bench.json").read_text())
    assert [c["name"] for c in document["cases"]] == ["alphabet-8"]
    from predshare.bench.cases import GROUPS

    assert document["groups"] == {"alphabet": GROUPS["alphabet"]}
    capsys.readouterr()
    planted = dict(document, cases=[dict(document["cases"][0], ratio=1000.0)])
    old = tmp_path / "old.json"
    old.write_text(json.dumps(planted))
    assert main(["bench", "--case", "alphabet-8", "--out", str(tmp_path), "--compare",
                 str(old)]) == 1  # fmt: skip
    assert "slower: alphabet-8" in capsys.readouterr().err
    assert main(["bench", "--case", "nope", "--out", str(tmp_path)]) == 2
    assert "--case = 'nope'" in capsys.readouterr().err


def test_quick_selects_the_quick_cases() -> None:
    cases = all_cases()
    quick = select(cases, quick=True)
    assert {c.name for c in quick} < {c.name for c in cases}
    assert all(c.quick for c in quick) and "large-worlds-10" not in {c.name for c in quick}


def test_the_readme_performance_block_is_the_committed_results() -> None:
    root = Path(__file__).resolve().parents[2]
    document = json.loads((root / "benchmarks" / "results" / "bench.json").read_text())
    readme = (root / "README.md").read_text()
    assert readme == readme_with_bench(readme, document), "stale: run `make bench`"


def test_the_normal_form_matches_the_engine_payoffs() -> None:
    """The peers' game: each entry of the induced normal form is the engine's ex-ante
    payoff of that pure profile (no-sharing, K = 1: 2 cells a firm, 4 x 4 strategies)."""
    from itertools import product

    from contracts import Contract
    from predshare.bench.cases import mixed_environment, normal_form
    from solvers.equilibria.equilibrium_set import profile_contribution
    from solvers.game import BayesianGame

    game = BayesianGame.build(mixed_environment(1), Contract.named("no"))
    a, b = normal_form(game)
    assert a.shape == b.shape == (4, 4)
    for i, x in enumerate(product((0, 1), repeat=2)):
        for j, y in enumerate(product((0, 1), repeat=2)):
            u = profile_contribution(game, (x, y), exact=True)
            assert a[i, j] == pytest.approx(float(sum(u[0])), abs=1e-12)
            assert b[i, j] == pytest.approx(float(sum(u[1])), abs=1e-12)


def test_the_peer_cases_compare_like_with_like() -> None:
    """Each peer case's two sides find the same equilibria (counted, and the pure ones
    equal profile by profile), so a ratio compares the same work."""
    pytest.importorskip("pygambit")
    from predshare.bench.cases import _gambit, _nashpy, _predshare, mixed_environment

    for k in (1, 2):
        env = mixed_environment(k)
        pure = _predshare("enumerate", "pure", env)
        assert len(_gambit("enumpure", env).equilibria) == pure.count
        mixed = _predshare("support", "mixed", env)
        assert not mixed.continuum
        assert len(_gambit("enummixed", env).equilibria) == mixed.count
        assert len(_gambit("lcp", env).equilibria) == 1
        if k == 1:
            assert len(_nashpy("vertex", env)) == mixed.count


def test_the_suite_has_every_group_described_and_sweeps_count_points() -> None:
    from predshare.bench.cases import GROUPS, SWEEP_POINTS

    cases = all_cases()
    assert {c.group for c in cases} <= set(GROUPS)
    batch = next(c for c in cases if c.name == "sweep-batch")
    assert batch.units == (SWEEP_POINTS["engine"], SWEEP_POINTS["batch"]) and batch.clock == "cpu"
    workers = next(c for c in cases if c.name == "sweep-workers")
    assert workers.clock == "wall" and not workers.quick


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--rounds", "x"], "--rounds = 'x': must be a whole number >= 7"),
        (["--factor", "0.5"], "--factor = '0.5': must be a number above 1"),
        (["--compare", "missing.json"], "--compare 'missing.json': cannot be read"),
        (["--compare", "bad.json"], "--compare = 'bad.json': not JSON"),
        (["--compare", "list.json"], "--compare = 'list.json': not a predshare bench result"),
        (["--out", "no/such/dir"], "no/such/dir' does not exist"),
        (["--case", "nope"], "--case = 'nope': not a case or group of the suite"),
    ],
)
def test_bad_bench_flags_are_one_line_and_write_nothing(
    flags: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "list.json").write_text("[]")
    out = tmp_path / "out"
    out.mkdir()
    arguments = ["bench", "--case", "alphabet-8", "--out", str(out)] + flags
    assert main(arguments) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert list(out.iterdir()) == []


def test_bench_without_out_writes_under_the_working_directory(tmp_path, monkeypatch, capsys):
    """From any directory: ./benchmarks is made where it is missing, and nothing is made
    when the request is refused."""
    monkeypatch.chdir(tmp_path)
    assert main(["bench", "--case", "no-such-case"]) == 2
    assert not (tmp_path / "benchmarks").exists()
    assert main(["bench", "--case", "engine-no"]) == 0
    assert (tmp_path / "benchmarks" / "results" / "bench.json").exists()
    assert (tmp_path / "benchmarks" / "RESULTS.md").exists()


def test_the_reference_kernel_finds_the_classifier_s_equilibria() -> None:
    """The sweep benchmarks' reference kernel does the classifier's arithmetic: on
    random points of both settings its equilibrium masks are the classifier's."""
    import numpy as np

    from predshare.bench.kernel import equilibrium_masks
    from solvers.sweep.batch import _joint_mass
    from solvers.sweep.equilibria import contract_equilibria
    from solvers.sweep.grid import sweep_spec
    from solvers.sweep.layout import build_layout

    boxes = [
        ("correlation", {"alpha": "0.5:1:2", "beta": "0.5:1:2", "cost": "0.25:2:2",
                         "rho1": "indep", "rho2": "max"}),
        ("hypotheses", {"prior_i": "0.05:0.95:2", "kappa": "0.1", "lambda": "0:0.5:2",
                        "mu": "0.1:0.5:2"}),
    ]  # fmt: skip
    for setting, box in boxes:
        spec = sweep_spec(setting, box, random=3000, seed=5)
        layout = build_layout(spec.family)
        values = spec.values(0, spec.size)
        masks = iter(equilibrium_masks(layout, values))
        joint, utility, _, _ = _joint_mass(layout, values)
        tol = np.zeros(spec.size)
        for contract in layout.contracts:
            result, _ = contract_equilibria(contract, joint, utility, tol)
            for group in result.groups:
                kernel = next(masks)
                assert kernel.shape == group.mask.transpose(2, 0, 1).shape
                assert (kernel == group.mask.transpose(2, 0, 1)).all(), (setting, contract.name)
        assert next(masks, None) is None
