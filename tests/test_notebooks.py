"""Jupyter notebooks everywhere a ``.py`` file is: checked (cell and line named), fixed in place
(only the migrated cells' sources change, byte for byte), migrated by the codemod, and a file that
is not a notebook named and left alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings, strategies as st

from weightlink.notebooks import NotebookError, join_cells, read_notebook


def run(*args: str, cwd: Path, tool: str = "check") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "weightlink", tool, *args], cwd=cwd, capture_output=True, text=True, check=False)


def notebook(*cells: str, markdown_first: bool = True) -> str:
    """An nbformat 4 notebook as Jupyter writes it (1-space indentation, sorted keys), with outputs."""
    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    book.cells = [nbformat.v4.new_markdown_cell("# Fine-tuning, `resnet50(pretrained=True)` in markdown")] if markdown_first else []
    for number, source in enumerate(cells, start=1):
        cell = nbformat.v4.new_code_cell(source)
        cell.execution_count = number
        cell.outputs = [nbformat.v4.new_output("stream", text=f"output {number}: é\n")]
        book.cells.append(cell)
    return nbformat.writes(book) + "\n"


TRAIN = notebook(
    "%matplotlib inline\nimport torchvision\nfrom torchvision.models import resnet50",
    "!pip install -q timm\nmodel = resnet50(pretrained=True)\nmodel?",
    "%%bash\necho resnet50(pretrained=True)",
    "%%time\nbackbone = torchvision.models.vgg16(pretrained=False)",
)


def test_findings_name_the_cell_and_the_line_in_it(tmp_path: Path) -> None:
    (tmp_path / "train.ipynb").write_text(TRAIN)
    result = run("train.ipynb", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        'train.ipynb:cell 3:2:29: weights-legacy pretrained= of "resnet50" is deprecated; use weights=ResNet50_Weights.IMAGENET1K_V1 '
        "(the weights pretrained=True loaded; DEFAULT is now IMAGENET1K_V2)",
        'train.ipynb:cell 5:2:48: weights-legacy pretrained= of "vgg16" is deprecated (pretrained=False); use weights=None',
    ]
    assert "1 file checked, 2 errors (2 fixable with --fix)" in result.stderr


def test_every_output_format_names_the_cell(tmp_path: Path) -> None:
    (tmp_path / "train.ipynb").write_text(TRAIN)
    found = json.loads(run("--format", "json", "train.ipynb", cwd=tmp_path).stdout)["findings"]
    assert [(f["cell"], f["line"], f["column"], f["end_line"]) for f in found] == [(3, 2, 29, 2), (5, 2, 48, 2)]
    github = run("--format", "github", "train.ipynb", cwd=tmp_path).stdout.splitlines()
    assert github[0].startswith("::error file=train.ipynb,line=2,col=29,title=weights-legacy::cell 3: pretrained= of")
    sarif = json.loads(run("--format", "sarif", "train.ipynb", cwd=tmp_path).stdout)
    results = sarif["runs"][0]["results"]
    assert [(r["properties"]["cell"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [(3, 2), (5, 2)]
    (tmp_path / "plain.py").write_text("from torchvision.models import resnet50\nresnet50(pretrained=True)\n")
    plain = json.loads(run("--format", "json", "plain.py", cwd=tmp_path).stdout)["findings"]
    assert plain[0]["cell"] is None and plain[0]["line"] == 2


def test_fix_changes_only_the_sources_of_migrated_cells(tmp_path: Path) -> None:
    path = tmp_path / "train.ipynb"
    path.write_text(TRAIN)
    result = run("--fix", "train.ipynb", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "fixed train.ipynb: 2 calls migrated" in result.stderr
    before, after = json.loads(TRAIN), json.loads(path.read_text())
    sources = ["".join(cell["source"]) for cell in after["cells"]]
    assert sources[1] == "%matplotlib inline\nimport torchvision\nfrom torchvision.models import ResNet50_Weights, resnet50"
    assert sources[2] == "!pip install -q timm\nmodel = resnet50(weights=ResNet50_Weights.IMAGENET1K_V1)\nmodel?"
    assert sources[3] == "%%bash\necho resnet50(pretrained=True)"  # not Python: left as it is
    assert sources[4] == "%%time\nbackbone = torchvision.models.vgg16(weights=None)"
    for old, new in zip(before["cells"], after["cells"]):
        assert {k: v for k, v in old.items() if k != "source"} == {k: v for k, v in new.items() if k != "source"}
    assert before["metadata"] == after["metadata"]
    # Byte for byte outside the changed sources: the same text once the sources are put back.
    for cell in after["cells"]:
        cell["source"] = before["cells"][after["cells"].index(cell)]["source"]
    assert nbformat.writes(nbformat.from_dict(after)) + "\n" == TRAIN
    nbformat.validate(nbformat.reads(path.read_text(), as_version=4))
    again = run("--fix", "train.ipynb", cwd=tmp_path)
    assert again.returncode == 0 and "fixed" not in again.stderr
    assert path.read_text() == json.dumps(json.loads(path.read_text()), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


HAND_WRITTEN = """{
  "cells": [
    {
      "source": "import torchvision.models as tvm\\nnet = tvm.resnet18(pretrained=True)  # ça marche",
      "cell_type": "code",
      "metadata": {"collapsed": true},
      "outputs": [],
      "execution_count": null
    },
    {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 2, "source": ["x = 1\\n", "y = 2"]}
  ],
  "nbformat_minor": 2,
  "nbformat": 4,
  "metadata": {}
}"""


def test_any_layout_is_kept_byte_for_byte(tmp_path: Path) -> None:
    """Two-space indentation, keys in the author's order, a source stored as one string, no final
    newline: only the one string changes."""
    path = tmp_path / "old.ipynb"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    assert run("--fix", "old.ipynb", cwd=tmp_path).returncode == 0
    expected = HAND_WRITTEN.replace(
        "tvm.resnet18(pretrained=True)", "tvm.resnet18(weights=tvm.ResNet18_Weights.IMAGENET1K_V1)"
    )
    assert path.read_text(encoding="utf-8") == expected


def test_a_new_import_goes_to_the_cell_that_imports_the_builder(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(
        notebook("import torch", "from torchvision.models import resnet50, vgg16", "x = 1", "a = resnet50(pretrained=True)\nb = vgg16(True)")
    )
    assert run("--fix", "nb.ipynb", cwd=tmp_path).returncode == 0
    sources = ["".join(cell["source"]) for cell in json.loads(path.read_text())["cells"]]
    assert sources[2] == "from torchvision.models import ResNet50_Weights, VGG16_Weights, resnet50, vgg16"
    assert sources[4] == "a = resnet50(weights=ResNet50_Weights.IMAGENET1K_V1)\nb = vgg16(weights=VGG16_Weights.IMAGENET1K_V1)"


def test_diff_shows_each_changed_cell(tmp_path: Path) -> None:
    (tmp_path / "train.ipynb").write_text(TRAIN)
    result = run("--diff", "train.ipynb", cwd=tmp_path)
    assert "--- a/train.ipynb:cell 2\n+++ b/train.ipynb:cell 2\n" in result.stdout
    assert "-model = resnet50(pretrained=True)\n+model = resnet50(weights=ResNet50_Weights.IMAGENET1K_V1)\n" in result.stdout
    assert "cell 4" not in result.stdout
    assert (tmp_path / "train.ipynb").read_text() == TRAIN


def test_the_codemod_migrates_notebooks_in_a_folder_walk(tmp_path: Path) -> None:
    (tmp_path / "nbs").mkdir()
    (tmp_path / "nbs" / "train.ipynb").write_text(TRAIN)
    (tmp_path / "nbs" / "util.py").write_text("import torchvision\nm = torchvision.models.resnet18(pretrained=True)\n")
    result = run("nbs", cwd=tmp_path, tool="migrate")
    assert result.returncode == 0, result.stderr
    assert "nbs/train.ipynb:cell 3:2:29: rewrote:" in result.stderr
    assert "2 files scanned, 2 changed, 3 call sites rewritten" in result.stderr
    assert "pretrained" not in "".join(json.loads((tmp_path / "nbs" / "train.ipynb").read_text())["cells"][2]["source"])


def test_exclude_leaves_notebooks_out(tmp_path: Path) -> None:
    (tmp_path / "train.ipynb").write_text(TRAIN)
    (tmp_path / "pyproject.toml").write_text('[tool.weightlink]\nexclude = ["*.ipynb"]\n')
    result = run(".", cwd=tmp_path)
    assert result.returncode == 0 and "0 files checked" in result.stderr


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"cells": [', "not a notebook: not valid JSON (line 1"),
        ('{"nbformat": 3, "worksheets": [], "cells": []}', "not an nbformat 4 notebook (nbformat 3)"),
        ("[1, 2]", "not a notebook: no list of cells"),
        ('{"nbformat": 4, "cells": [{"cell_type": "code", "source": 7}]}', "not a notebook: cell 1 has a source that is not text"),
    ],
)
def test_what_is_not_a_notebook_is_named_and_left_alone(tmp_path: Path, text: str, why: str) -> None:
    (tmp_path / "broken.ipynb").write_text(text)
    (tmp_path / "ok.py").write_text("from torchvision.models import resnet50\nresnet50(pretrained=True)\n")
    result = run("--fix", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert f"broken.ipynb: error: {why}" in result.stdout + result.stderr
    assert (tmp_path / "broken.ipynb").read_text() == text
    assert "weights=ResNet50_Weights" in (tmp_path / "ok.py").read_text()  # the other file still fixed


def test_a_cell_that_does_not_parse_leaves_the_others_checked(tmp_path: Path) -> None:
    (tmp_path / "nb.ipynb").write_text(notebook("print 'python 2'", "def half(:", "import torchvision\ntorchvision.models.resnet18(pretrained=True)"))
    result = run("nb.ipynb", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("nb.ipynb:cell 4:2:40: weights-legacy")


def test_a_notebook_of_another_language_is_not_read(tmp_path: Path) -> None:
    book = json.loads(notebook("library(torch)\nresnet50(pretrained=True)"))
    book["metadata"] = {"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}, "language_info": {"name": "R"}}
    (tmp_path / "r.ipynb").write_text(json.dumps(book))
    assert run("r.ipynb", cwd=tmp_path).returncode == 0


def test_magics_are_masked_without_moving_any_offset() -> None:
    cells = ["%load_ext autoreload\n%autoreload 2", "x = !ls\nfiles = %sx ls\nresnet50?\n!pip install \\\n  timm", "%%writefile a.py\nimport os"]
    joined = join_cells(cells)
    assert [joined.text[s:e] for s, e in zip(joined.starts, joined.ends)] == [
        "#load_ext autoreload\n#autoreload 2",
        "# = !ls\n#iles = %sx ls\n#esnet50?\n#pip install \\\n  #imm",
        "#%writefile a.py\n#mport os",
    ]
    assert joined.split(joined.text) == cells


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(st.sampled_from("ab =()\n%!?#\t.é"), max_size=30), min_size=1, max_size=5))
def test_positions_and_cells_round_trip(cells: list[str]) -> None:
    joined = join_cells(cells)
    assert joined.split(joined.text) == [cell.replace("\r\n", "\n") for cell in cells]
    for index in range(len(cells)):
        for offset in range(joined.starts[index], joined.ends[index] + 1):
            cell, line, column = joined.locate(offset)
            assert cell == index
            assert joined.offset(cell, line, column) == offset


def test_a_fixed_text_whose_markers_are_gone_is_not_written() -> None:
    book = read_notebook(notebook("import torchvision", "x = 1"))
    assert book.rewritten(book.text.replace(book.joined.marker, "")) is None
    with pytest.raises(NotebookError):
        read_notebook('{"nbformat": 4, "cells": [1, ')


def test_an_indented_shell_escape_keeps_its_block_and_the_cell_checked(tmp_path: Path) -> None:
    loop = "from torchvision import models\nfor url in URLS:\n    !wget -q {url}\nm = models.resnet18(pretrained=True)"
    future = "from __future__ import annotations\nx = 1"  # parses alone, not after other cells
    path = tmp_path / "nb.ipynb"
    path.write_text(notebook(loop, future, "if True:\n        !echo broken  \n  y = (", markdown_first=False))
    result = run("--fix", "nb.ipynb", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    sources = ["".join(cell["source"]) for cell in json.loads(path.read_text())["cells"]]
    assert sources == [loop.replace("(pretrained=True)", "(weights=models.ResNet18_Weights.IMAGENET1K_V1)"), future, "if True:\n        !echo broken  \n  y = ("]


def test_a_notebook_is_checked_and_fixed_as_its_cells_in_one_python_file(tmp_path: Path) -> None:
    """The notebook front end against the .py one: same findings, same fixed code."""
    cells = [
        "import torchvision\nfrom torchvision import models",
        "from torchvision.models import resnet50, ResNet101_Weights",
        "a = resnet50(pretrained=True)\nb = models.vgg16(True)\nc = resnet50(weights=ResNet101_Weights.DEFAULT)",
        "def build(flag):\n    return torchvision.models.resnet18(pretrained=flag)",
        "d = models.get_model('resnett50')\ne = torchvision.models.detection.fasterrcnn_resnet50_fpn(pretrained=True, pretrained_backbone=False)",
    ]
    (tmp_path / "nb.ipynb").write_text(notebook(*cells, markdown_first=False))
    (tmp_path / "script.py").write_text("\n".join(cells) + "\n")
    found = json.loads(run("--format", "json", ".", cwd=tmp_path).stdout)["findings"]
    by_file = {name: [(f["code"], f["message"]) for f in found if f["path"] == name] for name in ("nb.ipynb", "script.py")}
    assert by_file["nb.ipynb"] == by_file["script.py"] and len(by_file["script.py"]) == 7
    run("--fix", ".", cwd=tmp_path)
    fixed_cells = ["".join(cell["source"]) for cell in json.loads((tmp_path / "nb.ipynb").read_text())["cells"]]
    assert "\n".join(fixed_cells) + "\n" == (tmp_path / "script.py").read_text()


@pytest.mark.parametrize(
    "text",
    [
        '{"nbformat": 4, "metadata": ' + "[" * 5000 + "]" * 5000 + ', "cells": []}',
        '{"nbformat": 4, "metadata": {"a": ' + "[" * 900 + "]" * 900 + '}, "cells": [{"cell_type": "code", "source": "import torchvision"}]}',
        '\ufeff{"nbformat": 4, "cells": [{"cell_type": "code", "source": "x\\u0000 = 1"}]}',
        '{"nbformat": 4, "cells": [{"cell_type": "code"}, {"cell_type": "code", "source": ["a", "b"], "source": 1e999}]}',
        '{"nbformat": 4, "cells": [{"cell_type": "code", "source": "import torchvision\\ntorchvision.models.resnet18(True)"}], "x": -0.5e-3}',
    ],
)
def test_hostile_notebooks_never_crash_a_run(tmp_path: Path, text: str) -> None:
    (tmp_path / "odd.ipynb").write_text(text, encoding="utf-8")
    for args in (("odd.ipynb",), ("--fix", "odd.ipynb")):
        result = run(*args, cwd=tmp_path)
        assert result.returncode in (0, 1, 2) and "Traceback" not in result.stderr, result.stderr
    migrated = run("odd.ipynb", cwd=tmp_path, tool="migrate")
    assert migrated.returncode in (0, 2) and "Traceback" not in migrated.stderr, migrated.stderr
