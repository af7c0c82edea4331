"""The ``weightlink`` command line: ``weightlink check PATH...``, ``weightlink migrate PATH...``,
``weightlink catalog LIBRARY [--json]``, ``weightlink stubs LIBRARY --out DIR``, ``weightlink server``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from weightlink.catalog import Catalog, LibraryNotFound, load_catalog
from weightlink.catalog.source import Library
from weightlink.catalog.timm import find_timm, load_timm_catalog
from codemods.migrate_pretrained import cli as migrate_cli
from weightlink.check import cli as check_cli
from weightlink import server as server_cli
from weightlink.config import dialect_from_config
from weightlink.cli_options import folder
from weightlink.dialect import Dialect
from weightlink.rules.codes import DOCS_URL
from weightlink.rules.legacy import describe_default


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("weightlink")
    except PackageNotFoundError:
        return "(not installed)"


DESCRIPTION = "Check and migrate calls of PyTorch model builders and their weights Enums."
EXAMPLES = f"""\
examples:
  weightlink check .                       report wrong, unknown and deprecated weights arguments
  weightlink check --fix .                 also apply the safe fixes (pretrained= -> weights=)
  weightlink migrate --diff src/           what the codemod would rewrite, as a diff
  weightlink catalog torchvision           what weightlink knows about a model library
  weightlink catalog timm                  timm's architectures, pretrained tags and deprecated names
  weightlink stubs torchvision --out DIR   type stubs for type checkers without the plugin
  weightlink server                        the editor server (LSP over stdio; pip install 'weightlink[server]')

docs: {DOCS_URL}
settings: [tool.weightlink] in pyproject.toml ({DOCS_URL}settings/)"""


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("weightlink: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `weightlink catalog timm | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _main(argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(
        prog="weightlink", description=DESCRIPTION, epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"weightlink {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{check,migrate,catalog,stubs,server}")
    check_parser = commands.add_parser(
        "check",
        help="check calls of model builders in files (no mypy needed)",
        description=check_cli.DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check_cli.add_arguments(check_parser)
    migrate_parser = commands.add_parser(
        "migrate",
        help="rewrite pretrained= calls to weights= (the codemod; also python -m codemods.migrate_pretrained)",
        description=migrate_cli.DESCRIPTION,
    )
    migrate_cli.add_arguments(migrate_parser)
    catalog_parser = commands.add_parser("catalog", help="show what weightlink knows about a model library")
    _add_library_arguments(catalog_parser)
    catalog_parser.add_argument("--json", action="store_true", help="print the full record as JSON")
    stubs_parser = commands.add_parser("stubs", help="generate type stubs for a model library (see docs/stubs.md)")
    _add_library_arguments(stubs_parser)
    stubs_parser.add_argument("--out", required=True, type=Path, help="folder to write the stub distribution to")
    server_parser = commands.add_parser("server", help="the editor server: diagnostics and quick fixes over LSP (see docs/server.md)")
    server_cli.add_arguments(server_parser)
    args = parser.parse_args(argv)
    if args.command == "server":
        return server_cli.run(args, _version())
    if args.command == "check":
        return check_cli.run(args)
    if args.command == "migrate":
        return migrate_cli.run(args)
    if args.library == "timm":
        return _timm_catalog(args)
    try:
        dialect = dialect_from_config(args.config)
        catalog = load_catalog(args.library, paths=args.path, dialect=dialect, use_cache=not args.no_cache)
        if args.command == "stubs":
            return _write_stubs(catalog, Library(args.library, [*args.path, *dialect.paths]), dialect, args.out)
    except (LibraryNotFound, ValueError, OSError) as error:
        print(f"weightlink: {error}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(catalog.to_json(), sys.stdout, indent=1, sort_keys=True)
        print()
    else:
        print(format_table(catalog))
    return 0


def _timm_catalog(args: argparse.Namespace) -> int:
    """timm names its weights in strings: architectures and tags, not builders and Enums."""
    if args.command == "stubs":
        print("weightlink: timm names its weights in strings; there is nothing to write stubs for", file=sys.stderr)
        return 2
    source = find_timm(args.path)
    catalog = load_timm_catalog(args.path, use_cache=not args.no_cache)
    if args.json:
        json.dump(catalog.to_json(), sys.stdout, indent=1, sort_keys=True)
        print()
        return 0
    rows = [("architecture", "default tag", "tags", "pretrained")]
    for arch, tags in sorted(catalog.architectures.items()):
        weighted = sum(f"{arch}.{tag}" in catalog.pretrained for tag in tags)
        default = "(untagged)" if tags and not tags[0] else (tags[0] if tags else "-")
        rows.append((arch, default, str(len(tags)) + (" (partial)" if arch in catalog.partial else ""), f"{weighted} with weights"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths + [0])).rstrip() for row in rows]
    removed = sum(new is None for new in catalog.deprecations.values())
    origin = f"read from {source}" if source is not None else "bundled: timm is not installed here"
    summary = (
        f"timm {catalog.version} ({origin}): {len(catalog.architectures)} architectures, "
        f"{sum(len(t) for t in catalog.architectures.values())} tags ({sum('.' in name for name in catalog.pretrained)} with weights), {len(catalog.deprecations)} deprecated "
        f"names ({removed} removed), {len(catalog.problems)} problems"
    )
    print("\n".join([*lines, "", summary, *(f"  {problem}" for problem in catalog.problems)]))
    return 0


def _add_library_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("library", help="top-level package name, e.g. torchvision")
    parser.add_argument(
        "--path", action="append", default=[], type=folder, help="extra folder to find the package in (repeatable)"
    )
    parser.add_argument("--config", help="pyproject.toml, mypy.ini or setup.cfg with a weightlink section")
    parser.add_argument("--no-cache", action="store_true", help="extract again, ignoring the cache")


def _write_stubs(catalog: Catalog, library: Library, dialect: Dialect, out: Path) -> int:
    from weightlink.stubs import distribution_name, generate_stubs, write_stubs

    written = write_stubs(generate_stubs(catalog, library, dialect), out)
    print(
        f"{distribution_name(library.package)} ({library.package} {library.version}): "
        f"{sum(path.suffix == '.pyi' for path in written)} stub files in {out}; "
        f"install them with: pip install {out if out.is_absolute() else './' + out.as_posix()}"
    )
    return 0


def format_table(catalog: Catalog) -> str:
    rows: list[tuple[str, ...]] = [("name", "builder", "weights Enum(s)", "DEFAULT", "pretrained=True loaded")]
    for builder in sorted(catalog.builders.values(), key=lambda b: (b.registry_names or [b.name])[0]):
        weights = builder.weights_param("weights")
        enums = [catalog.enums[q] for q in weights.enums] if weights else []
        legacy = builder.legacy[0] if builder.legacy else None
        rows.append(
            (
                ", ".join(builder.registry_names) or "-",
                builder.qualname.removeprefix(catalog.library + "."),
                " | ".join(e.name for e in enums) or ("any Enum" if weights and weights.accepts_any_enum else "-"),
                " | ".join(e.default_member or "-" for e in enums) or "-",
                describe_default(legacy.default, legacy.legacy_param, catalog) if legacy else "-",
            )
            + (("(partial)",) if builder.partial else ())
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths + [0])).rstrip() for row in rows]
    summary = (
        f"{catalog.library} {catalog.version} ({catalog.dialect} dialect): {len(catalog.builders)} builders, "
        f"{len(catalog.enums)} weights Enums, {len(catalog.problems)} problems"
    )
    problems = [f"  {problem}" for problem in catalog.problems]
    return "\n".join([*lines, "", summary, *problems])


if __name__ == "__main__":
    sys.exit(main())
