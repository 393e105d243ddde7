"""The consumer claims of MODEL.md section 9 in the registry, and the verifier on
planted wrong consumer claims."""

from __future__ import annotations

from fractions import Fraction

from proofs.claims import FAILS, HOLDS, Claim, witness
from proofs.consumer_claims import W46, W46_WORLDS, W47, _example_4_7, _trades, named_worlds
from proofs.paper import claims_by_id


def test_example_4_7_and_the_4_4_readings() -> None:
    claims = claims_by_id()
    assert claims["c4.7"].verify().outcome.status == HOLDS
    assert claims["c4.4-1-anti"].verify().outcome.status == HOLDS
    indep = claims["c4.4-1-indep"].verify().outcome
    assert indep.status == FAILS
    point = indep.counterexample["point"]
    assert (point["L"], point["alpha"], point["C"]) == (1, Fraction(5, 8), Fraction(19, 12))


def test_the_4_3_witness_fails_only_on_the_full_sharing_payoff() -> None:
    outcome = claims_by_id()["c4.3-witness"].verify().outcome
    assert outcome.status == FAILS
    assert "fails: full pays rho_anti/4 (firm 1)." in outcome.evidence
    assert "train trades 641432854809/1000000000000, no-sharing 1/2" in outcome.evidence
    assert outcome.counterexample["engine"]["irpo"] == ["no"]


def test_a_planted_wrong_trade_probability_fails_with_its_point() -> None:
    def wrong(point, analysis):  # type: ignore[no-untyped-def]
        trades = _trades(analysis)["train"]
        return trades == [Fraction(209, 241)], f"train trades {trades}"

    claim = Claim("planted", "Example 4.7 trades 209/241", "test", "point", "witness",
                  witness([W47], _example_4_7, wrong))  # fmt: skip
    outcome = claim.verify().outcome
    assert outcome.status == FAILS
    assert outcome.counterexample["point"] == W47
    assert "Fraction(209, 240)" in outcome.evidence  # what the engine computes


def test_a_planted_wrong_ratio_fails_with_a_counterexample() -> None:
    """Theorem 4.6 (2) with "at most as much" instead of "at most twice": its own lower-bound
    witness breaks it (no-sharing trades 1.448483 times as much as train-sharing)."""

    def at_most_once(point, analysis):  # type: ignore[no-untyped-def]
        if analysis.verdicts.unique_irpo != "train":
            return True, "vacuous"
        trades = _trades(analysis)
        top = max(t for ts in trades.values() for t in ts)
        return top <= max(trades["train"]), f"largest {top}, train {max(trades['train'])}"

    check = witness([W46], named_worlds(*W46_WORLDS), at_most_once)
    outcome = Claim("planted", "ratio 1", "test", "point", "witness", check).verify().outcome
    assert outcome.status == FAILS
    assert outcome.counterexample["point"] == W46
    assert outcome.counterexample["engine"]["irpo"] == ["train"]
    # the real claim (twice) holds on the sampled regions
    assert claims_by_id()["c4.6-2"].verify(16).outcome.status == HOLDS


def test_the_simplified_game_misses_equilibria_that_use_training() -> None:
    """Under no-sharing each firm's training observation says nothing about the world
    alone, yet the two together do: the general framework has equilibria in which both
    firms condition on them, trading less (42129/100000) than any equilibrium of the
    simplified game (1/2)."""
    outcome = claims_by_id()["c-simplified"].verify().outcome
    assert outcome.status == FAILS
    assert "general: 4 equilibria, simplified: 2" in outcome.evidence
    assert "trading 42129/100000" in outcome.evidence
    trades = outcome.counterexample["engine"]["payoffs"]["no"]
    assert ["747/100000", "1741/400000"] in trades
