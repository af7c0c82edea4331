"""`import weightlink` must work where torch, mypy and libcst are not installed."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_runtime_imports_without_torch_mypy_or_libcst() -> None:
    script = textwrap.dedent(
        """
        import sys

        class Block:
            # Pretend the heavy packages are not installed.
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in {"torch", "mypy", "libcst"}:
                    raise ModuleNotFoundError(f"No module named {name!r}")
                return None

        sys.meta_path.insert(0, Block())
        import weightlink
        from weightlink import WeightEntry, Weights

        class W(Weights):
            A = WeightEntry(url="https://weights.invalid/a.pth", latest=True)

        assert W.check_type("A") is W.A
        assert not {"torch", "mypy", "libcst"} & set(sys.modules)
        try:
            W.A.state_dict()
        except ModuleNotFoundError as error:
            print("needs", error.name, "|", error)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "needs torch | loading weights needs torch: pip install 'weightlink[torch]'"


def test_every_lazy_export_is_listed_and_importable() -> None:
    import weightlink

    assert sorted(weightlink.__all__) == sorted(weightlink._DEFINED_IN)
    for name in weightlink.__all__:
        assert getattr(weightlink, name) is not None
