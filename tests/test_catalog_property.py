"""Property test: whatever expression a library writes as a legacy default or a meta value, the
catalog never raises; what it cannot read becomes a Problem and a partial record."""

from __future__ import annotations

import itertools
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.strategies import one_line_expressions
from weightlink.catalog import build_catalog

_COUNTER = itertools.count()


expressions = one_line_expressions(
    [
        "lambda kwargs: pick(kwargs)",
        "lambda kw: (A if kw['x'] else B) if kw.get('y') else None",
        "lambda kw: " + "(" * 60 + "OddWeights.V1" + ")" * 60,
        "lambda kw: " + " if kw['q'] else ".join(["OddWeights.V1"] * 80),
        "pick",
        "OddWeights",
        "[*x]",
        "{**m, 'k': len(z)}",
    ]
)

MODULE = """
from weightlink import WeightEntry, Weights, handle_legacy_interface, register_model

def pick(kwargs):
    return pick(kwargs)

CONSTANT = {meta}

class OddWeights(Weights):
    V1 = WeightEntry(url="https://odd.invalid/v1.pt", meta={{"categories": {meta}, "other": {meta}}})
    DEFAULT = V1

@register_model()
@handle_legacy_interface(weights=("pretrained", {legacy}))
def odd(*, weights: OddWeights | None = None, **kwargs):
    _ovewrite_named_param(kwargs, "num_classes", len(weights.meta[{meta}]))
"""


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(legacy=expressions, meta=expressions)
def test_any_legacy_default_or_meta_expression(tmp_path_factory: pytest.TempPathFactory, legacy: str, meta: str) -> None:
    source = textwrap.dedent(MODULE).format(legacy=legacy, meta=meta)
    try:
        compile(source, "<case>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return  # not a valid module: the catalog's syntax-error path is tested elsewhere
    package = f"oddlib{next(_COUNTER)}"
    root: Path = tmp_path_factory.mktemp("library")
    (root / package).mkdir()
    (root / package / "__init__.py").write_text(f"from {package}.models import *\n")
    (root / package / "models.py").write_text(source)
    catalog = build_catalog(package, paths=[root])
    builder = catalog.builders[f"{package}.models.odd"]
    if builder.legacy and builder.legacy[0].default.kind == "unknown":
        assert builder.partial and catalog.problems
