"""What is loaded on first use (solvers.external): the lazy module stand-in and the
packages' PEP 562 hooks, called directly (the packages' own hooks run at import time,
before any test)."""

from __future__ import annotations

import sys
from types import ModuleType

import pytest

from solvers.external import LazyModule, lazy_exports


def test_a_lazy_module_imports_on_first_attribute_and_keeps_it() -> None:
    lazy = LazyModule("json")
    assert lazy._name == "json" and lazy._module is None
    assert lazy.dumps([1]) == "[1]"
    import json

    assert lazy._module is json
    with pytest.raises(AttributeError):
        lazy.no_such_function  # noqa: B018


def test_lazy_exports_import_each_name_from_its_home_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    package = ModuleType("fake_package")
    monkeypatch.setitem(sys.modules, "fake_package", package)
    getattr_, dir_ = lazy_exports("fake_package", {"json": ["dumps", "loads"], "math": ["gcd"]})
    import json
    import math

    assert dir_() == sorted({*package.__dict__, "dumps", "loads", "gcd"})
    assert getattr_("gcd") is math.gcd
    assert package.__dict__["gcd"] is math.gcd  # later lookups skip the hook
    assert getattr_("dumps") is json.dumps
    with pytest.raises(AttributeError) as missing:
        getattr_("load")
    assert str(missing.value) == "module 'fake_package' has no attribute 'load'"
    assert "load" not in package.__dict__


def test_the_solver_packages_resolve_their_public_names() -> None:
    import solvers
    import solvers.equilibria
    from solvers.game import BayesianGame

    assert solvers.__getattr__("BayesianGame") is BayesianGame
    assert "BayesianGame" in solvers.__dir__() and "analyze" in solvers.__dir__()
    with pytest.raises(AttributeError, match="module 'solvers' has no attribute 'nothing'"):
        solvers.__getattr__("nothing")
    for name in solvers.equilibria.__all__:
        assert solvers.equilibria.__getattr__(name) is getattr(solvers.equilibria, name)


def test_the_data_package_loads_its_pipeline_on_first_use() -> None:
    pytest.importorskip("pandas", reason="the data extra is not installed")
    import predshare.data
    from predshare.data import pipeline

    for name in predshare.data.__all__:
        assert predshare.data.__getattr__(name) is getattr(pipeline, name)
    with pytest.raises(AttributeError) as missing:
        predshare.data.__getattr__("Nothing")
    assert str(missing.value) == "module 'predshare.data' has no attribute 'Nothing'"
