"""The codemod's linear ``--diff``: a valid unified diff for any two texts (applying it gives the new
text), the very one difflib gives for a rewrite's changes, and linear time on a large file."""

from __future__ import annotations

import difflib
import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from codemods.migrate_pretrained.diff import unified_diff

_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def apply(before: str, diff: str) -> str:
    """``patch``, for a diff whose every line ends with a newline (or a no-newline marker)."""
    old = before.splitlines(keepends=True)
    new: list[str] = []
    at = 0
    lines = diff.splitlines(keepends=True)[2:]
    for index, line in enumerate(lines):
        hunk = _HUNK.match(line)
        if hunk:
            start, length = int(hunk[1]), int(hunk[2] if hunk[2] is not None else 1)
            begin = start - 1 if length else start
            new += old[at:begin]
            at = begin
            continue
        if line.startswith("\\"):
            continue
        text = line[1:]
        if index + 1 < len(lines) and lines[index + 1].startswith("\\"):
            text = text[:-1]  # the marker: this line had no newline
        if line[0] in " -":
            assert old[at] == text, (old[at], text)
            at += 1
        if line[0] in " +":
            new.append(text)
    return "".join(new + old[at:])


lines = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "\n", "import x\n", "m = f(pretrained=True)\n"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(lines, lines, st.booleans())
def test_applying_the_diff_gives_the_new_text(before: list[str], after: list[str], cut_newline: bool) -> None:
    old, new = "".join(before), "".join(after)
    if cut_newline:
        new = new.rstrip("\n")
    diff = unified_diff(old, new, "a/x.py", "b/x.py")
    assert (diff == "") == (old == new)
    assert apply(old, diff) == new


def rewrite_shaped(size: int) -> tuple[str, str]:
    """What the codemod does to a file: calls changed in place, an import added at the top."""
    blocks = [f"def build_{i}():\n    x = {i}\n    return models.resnet50(pretrained=True)\n\n" for i in range(size)]
    before = "import torchvision.models as models\n\n" + "".join(blocks)
    after = (
        "import torchvision.models as models\nfrom torchvision.models import ResNet50_Weights\n\n"
        + "".join(b.replace("pretrained=True", "weights=ResNet50_Weights.IMAGENET1K_V1") for b in blocks)
    )
    return before, after


def test_a_rewrite_gets_the_diff_difflib_gives() -> None:
    before, after = rewrite_shaped(20)  # under 200 lines: difflib's junk heuristic stays off
    expected = "".join(
        difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), "a/x.py", "b/x.py")
    )
    assert unified_diff(before, after, "a/x.py", "b/x.py") == expected


def test_time_is_linear_in_the_file() -> None:
    def seconds(size: int) -> float:
        before, after = rewrite_shaped(size)
        start = time.perf_counter()
        unified_diff(before, after, "a/x.py", "b/x.py")
        return time.perf_counter() - start

    seconds(100)  # warm up
    small, large = min(seconds(2_000) for _ in range(3)), min(seconds(20_000) for _ in range(3))
    assert large < 25 * small, (small, large)  # 10x the lines: linear is ~10x; difflib is ~50-100x
