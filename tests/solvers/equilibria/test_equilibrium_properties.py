"""Properties of the pure-equilibrium solver on random small environments (hypothesis)."""

from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from contracts import Contract, correlation, standard_contracts
from solvers import BayesianGame, analyze, plain_enumeration, pure_equilibria
from tests.conftest import budget
from tests.strategies import contracts, environments, oracle_is_equilibrium, oracle_payoffs

SETTINGS = settings(max_examples=budget(60))


@SETTINGS
@given(environments(), contracts)
def test_every_equilibrium_passes_an_exact_best_response_check(env, contract):
    game = BayesianGame.build(env, contract)
    assume(sum(game.sizes) <= 12)
    found = pure_equilibria(game, exact=True)
    assert found.count >= 1  # pure BNE always exist (MODEL.md section 4)
    for eq in found.equilibria(limit=50):
        assert oracle_is_equilibrium(env, contract, eq.strategy)
        assert eq.payoff == oracle_payoffs(env, contract, eq.strategy)


@SETTINGS
@given(environments(), contracts)
def test_component_solver_equals_plain_enumeration(env, contract):
    game = BayesianGame.build(env, contract)
    assume(sum(game.sizes) <= 12)
    by_components = sorted(pure_equilibria(game, exact=True).profiles())
    assert by_components == plain_enumeration(game, exact=True)


@SETTINGS
@given(environments(), contracts)
def test_float_and_exact_paths_agree(env, contract):
    game = BayesianGame.build(env, contract)
    exact, fast = pure_equilibria(game, exact=True), pure_equilibria(game, exact=False)
    assert exact.parts == fast.parts
    for a, b in zip(exact.equilibria(limit=50), fast.equilibria(limit=50)):
        assert all(abs(float(x) - y) <= 1e-12 for x, y in zip(a.payoff, b.payoff))
        for f in (0, 1):
            assert a.interim[f].keys() == b.interim[f].keys()
            assert all(abs(float(a.interim[f][t]) - b.interim[f][t]) <= 1e-12 for t in a.interim[f])


@SETTINGS
@given(environments())
def test_float_and_exact_verdicts_agree(env):
    exact, fast = analyze(env, exact=True), analyze(env, exact=False)
    assert exact.verdicts.edges() == fast.verdicts.edges()
    assert exact.verdicts.irpo == fast.verdicts.irpo


def _payoff_multiset(result, name, swap=False):
    pairs = [eq.payoff[::-1] if swap else eq.payoff for eq in result.solutions[name].equilibria()]
    return sorted(pairs)


@SETTINGS
@given(environments())
def test_relabelling_the_firms_swaps_every_payoff(env):
    result, swapped = analyze(env, exact=True), analyze(env.swapped(), exact=True)
    for contract in standard_contracts():  # symmetric contracts map to themselves
        assert _payoff_multiset(result, contract.name) == _payoff_multiset(
            swapped, contract.swapped().name, swap=True
        )
    assert result.verdicts.edges() == swapped.verdicts.edges()
    assert result.verdicts.irpo == swapped.verdicts.irpo


@SETTINGS
@given(environments(), st.fractions(min_value=Fraction(1, 7), max_value=7))
def test_scaling_the_utility_keeps_profiles_and_irpo(env, factor):
    assume(factor > 0)
    result = analyze(env, exact=True)
    scaled = analyze(env.with_utility(env.utility.scaled(factor)), exact=True)
    for name in result.solutions:
        assert result.solutions[name].parts == scaled.solutions[name].parts
        pairs = zip(result.solutions[name].equilibria(64), scaled.solutions[name].equilibria(64))
        for a, b in pairs:
            assert tuple(u * factor for u in a.payoff) == b.payoff
    assert result.verdicts.irpo == scaled.verdicts.irpo
    assert result.verdicts.edges() == scaled.verdicts.edges()


@SETTINGS
@given(environments(), contracts)
def test_interim_payoffs_average_to_the_ex_ante_payoff(env, contract):
    found = pure_equilibria(BayesianGame.build(env, contract), exact=True)
    marginals = env.training_marginals
    for eq in found.equilibria(limit=20):
        for f in (0, 1):
            labels = env.training_labels[f]
            mass = dict(zip(labels, marginals[f]))
            assert sum(mass[t] * u for t, u in eq.interim[f].items()) == eq.payoff[f]


def test_a_decomposable_game_with_an_astronomical_strategy_space_is_solved():
    """Five correlation worlds under full sharing: 100 cells a firm, 2^200 profiles."""
    worlds = [(Fraction(56, 100) + Fraction(k, 50), Fraction(1, 5)) for k in range(5)]
    env = correlation("0.8", "0.7", worlds)
    contract = Contract.named("full")
    game = BayesianGame.build(env, contract)
    assert game.sizes == (100, 100)
    assert len(game.components) == 100
    found = pure_equilibria(game, exact=True)
    assert found.count == 1
    (eq,) = found.equilibria()
    assert oracle_is_equilibrium(env, contract, eq.strategy)
    assert eq.payoff == oracle_payoffs(env, contract, eq.strategy)


@SETTINGS
@given(environments(max_worlds=3), contracts, st.booleans())
def test_selections_by_components_equal_selections_over_the_listing(env, contract, exact):
    """The welfare-best (largest U1 + U2, then U1, first listed), each firm's extreme
    ex-ante and interim payoffs, and the equilibrium at an index, found component by
    component, are those of the whole listing."""
    game = BayesianGame.build(env, contract)
    found = pure_equilibria(game, exact=exact)
    assume(found.listed_count <= 300)
    listed = found.equilibria()
    keys = [(e.payoff[0] + e.payoff[1], e.payoff[0]) for e in listed]
    if exact:  # floats may order equal keys by their rounding
        assert found.welfare_best_index() == keys.index(max(keys))
        assert found.welfare_best() == listed[found.welfare_best_index()]
    for index in {0, len(listed) // 3, len(listed) - 1}:
        assert found.equilibrium_at(index).strategy == listed[index].strategy
    for f in (0, 1):
        for best, pick in ((True, max), (False, min)):
            extreme = found.payoff_extreme(f, best)
            interim = found.interim_extremes(f, best)
            expected = pick(e.payoff[f] for e in listed)
            assert extreme == expected if exact else abs(extreme - expected) <= 1e-12
            for t, value in interim.items():
                expected = pick(e.interim[f][t] for e in listed)
                assert value == expected if exact else abs(value - expected) <= 1e-12


@SETTINGS
@given(environments(max_worlds=3), contracts)
def test_interim_maxima_are_the_listings_exactly(env, contract):
    """recommend compares contracts by interim maxima: exact Fractions, equal to the
    largest interim payoff over the listed equilibria."""
    found = pure_equilibria(BayesianGame.build(env, contract), exact=True)
    assume(found.listed_count <= 300)
    listed = found.equilibria()
    for f in (0, 1):
        maxima = found.interim_maxima(f)
        assert all(isinstance(v, Fraction) for v in maxima.values())
        assert maxima == {t: max(e.interim[f][t] for e in listed) for t in maxima}
