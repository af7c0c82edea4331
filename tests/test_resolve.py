"""The shared resolver (weightlink/resolve): what a name means where it is used, as Python scopes it.

Each case is a small file and the qualified name(s) the callee of every call on a marked line resolves
to; ``[]`` means "not known" (the front ends then judge nothing).
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from weightlink.catalog import load_catalog
from weightlink.dialect import DEFAULT_DIALECT
from weightlink.resolve import FileModel
from weightlink.resolve.targets import Libraries


def callees(source: str, path: Path | None = None, libraries: Libraries | None = None) -> dict[int, list[str]]:
    """Line -> what the first call on it resolves to."""
    text = textwrap.dedent(source)
    tree = ast.parse(text)
    model = libraries.model(tree, text, path) if libraries else FileModel(tree, text)
    found: dict[int, list[str]] = {}
    for call, scope in sorted(model.calls, key=lambda item: (item[0].lineno, item[0].col_offset)):
        found.setdefault(call.lineno, model.qualify(call.func, scope))
    return found


@pytest.fixture(scope="module")
def torchvision() -> Libraries:
    return Libraries([load_catalog("torchvision")], DEFAULT_DIALECT)


def test_imports_at_every_scope_and_shadowing_per_scope() -> None:
    found = callees(
        """
        import torchvision.models as tvm

        def build():
            import torchvision.models as models
            return models.resnet18()

        def use():
            models = build()
            return models.resnet18()

        def parameter(tvm):
            return tvm.resnet50()

        tvm.resnet50()
        """
    )
    assert found[6] == ["torchvision.models.resnet18"]
    assert found[10] == []  # a local variable of use()
    assert found[13] == []  # a parameter
    assert found[15] == ["torchvision.models.resnet50"]


def test_class_bodies_are_not_seen_from_their_methods() -> None:
    found = callees(
        """
        class Head:
            import torchvision.models as models
            models.resnet18()

            def build(self):
                return models.resnet18()
        """
    )
    assert found[4] == ["torchvision.models.resnet18"]
    assert found[7] == []


def test_module_level_code_sees_only_earlier_bindings_and_functions_see_all() -> None:
    found = callees(
        """
        from torchvision.models import resnet50
        resnet50()

        def later():
            return resnet50()

        from mylib import resnet50
        resnet50()
        """
    )
    assert found[3] == ["torchvision.models.resnet50"]
    assert found[6] == ["mylib.resnet50", "torchvision.models.resnet50"]  # depends on when it runs: not one
    # Both imports stand above: which one holds is left undecided (a branch may have skipped either).
    assert found[9] == ["mylib.resnet50", "torchvision.models.resnet50"]


def test_optional_imports_and_type_checking() -> None:
    found = callees(
        """
        from typing import TYPE_CHECKING
        try:
            import torchvision
        except ImportError:
            torchvision = None
        if TYPE_CHECKING:
            from torchvision.models import vgg16
        else:
            vgg16 = optional_import("torchvision.models.vgg16")
        torchvision.models.resnet18()
        vgg16()
        """
    )
    assert found[11] == ["torchvision.models.resnet18"]
    assert found[12] == ["torchvision.models.vgg16"]


def test_a_name_bound_once_to_a_builder_is_that_builder() -> None:
    found = callees(
        """
        import torchvision
        from torchvision import models
        build = torchvision.models.resnet50
        build()

        def detector():
            model_func = models.detection.ssd300_vgg16
            return model_func()

        twice = models.resnet50
        twice = models.vgg16
        twice()
        """
    )
    assert found[5] == ["torchvision.models.resnet50"]
    assert found[9] == ["torchvision.models.detection.ssd300_vgg16"]
    assert found[13] == ["torchvision.models.resnet50", "torchvision.models.vgg16"]  # not one: not judged


def test_global_declarations_bind_in_the_module() -> None:
    found = callees(
        """
        def setup():
            global models
            import torchvision.models as models

        def use():
            return models.resnet50()
        """
    )
    assert found[7] == ["torchvision.models.resnet50"]


def test_comprehension_targets_are_local_to_the_comprehension() -> None:
    found = callees(
        """
        from torchvision import models
        built = [models.resnet50() for models in factories]
        models.vgg16()
        """
    )
    assert found[3] == []
    assert found[4] == ["torchvision.models.vgg16"]


def test_star_imports_count_in_order_with_what_each_module_exports(tmp_path: Path, torchvision: Libraries) -> None:
    (tmp_path / "helpers.py").write_text("__all__ = ['accuracy']\ndef accuracy(): ...\n")
    (tmp_path / "builders.py").write_text("def resnet50(pretrained=False): ...\n")
    (tmp_path / "computed.py").write_text("__all__ = [name for name in dir() if not name.startswith('_')]\n")
    program = tmp_path / "train.py"

    def resolved(*imports: str) -> list[str]:
        source = "from torchvision.models import *\n" + "".join(f"from {m} import *\n" for m in imports) + "resnet50()\n"
        return callees(source, program, torchvision)[2 + len(imports)]

    assert resolved("helpers") == ["torchvision.models.resnet50"]
    assert resolved("builders") == ["builders.resnet50"]  # the later star import binds it
    assert resolved("not_installed_anywhere") == ["torchvision.models.resnet50"]  # finds nothing, binds nothing
    assert resolved("computed") == []  # may bind it: undecided


def test_an_undecided_builder_names_the_star_import_to_blame(tmp_path: Path, torchvision: Libraries) -> None:
    (tmp_path / "computed.py").write_text("__all__ = sorted(globals())\n")
    text = "from torchvision.models import *\nfrom computed import *\nresnet50(pretrained=True)\n"
    tree = ast.parse(text)
    model = torchvision.model(tree, text, tmp_path / "train.py")
    call, scope = model.calls[0]
    target = torchvision.call_target(model, call, scope)
    assert target is not None and target.kind == "undecided"
    assert target.builder is not None and target.builder.name == "resnet50"
    assert target.shadowed_by is not None and (target.shadowed_by.target, target.shadowed_by.position[0]) == ("computed", 2)


def test_calls_that_start_at_the_same_place_have_different_ranges() -> None:
    text = "import torchvision.models as m\ngetattr(m, 'resnet50')(pretrained=True)\n"
    model = FileModel(ast.parse(text), text)
    ranges = {model.char_range(call) for call, _ in model.calls}
    assert len(ranges) == 2


def test_columns_in_characters_for_lines_with_non_ascii_text() -> None:
    text = "import torchvision.models as m\nnote = 'é'; m.resnet50(pretrained=True)\n"
    model = FileModel(ast.parse(text), text)
    call = next(call for call, _ in model.calls)
    assert call.col_offset == 13 and model.char_position(call) == (2, 12)
