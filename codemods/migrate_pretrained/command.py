"""The codemod as a LibCST command, for LibCST's own runner::

    python -m libcst.tool codemod migrate_pretrained.MigratePretrainedCommand src/

It does what ``python -m codemods.migrate_pretrained`` and ``weightlink check --fix`` do, through the
same findings and fixes (`codemods.migrate_pretrained.runner`): the module's text in, the fixed
text parsed back into a LibCST module out. Calls left for a person are reported as LibCST warnings.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodContext, SkipFile, VisitorBasedCodemodCommand

from codemods.migrate_pretrained.cli import DESCRIPTION
from codemods.migrate_pretrained.runner import Options, RunSettings, checker_for
from weightlink.cli_options import add_fix_options
from weightlink.fixes.apply import apply_fixes
from weightlink.fixes.import_style import style_for
from weightlink.project import Project
from weightlink.rules.codes import WEIGHTS_LEGACY


class MigratePretrainedCommand(VisitorBasedCodemodCommand):
    DESCRIPTION = DESCRIPTION

    def __init__(
        self, context: CodemodContext, prefer_default: bool = False, unsafe_fixes: bool = False, rewrite_dynamic: bool = False
    ) -> None:
        super().__init__(context)
        self.options = Options(prefer_default=prefer_default, unsafe_fixes=unsafe_fixes or rewrite_dynamic)

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        add_fix_options(arg_parser)

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        text = tree.code
        filename = self.context.filename or "<module>"
        try:
            # The settings of the project the file is in, as the command line would read them.
            project = Project.configured(start=Path(filename).parent if self.context.filename else Path.cwd())
            settings = RunSettings(libraries=(), options=replace(self.options, dialect=project.settings.dialect), settings=project.settings)
            checked = checker_for(settings).check_source(filename, text)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OSError) as error:
            raise SkipFile(f"not migrated ({error})") from None
        if checked.tree is None:
            return tree
        unsafe = self.options.unsafe
        applied = apply_fixes(text, checked.tree, checked.findings, style_for(self.context.filename), unsafe=unsafe)
        for finding in checked.findings:
            if finding.code == WEIGHTS_LEGACY.name and finding not in applied.fixed:
                self.warn(f"line {finding.line}: {finding.unfixed or finding.message}")
        return cst.parse_module(applied.text) if applied.text != text else tree


__all__ = ["MigratePretrainedCommand"]
