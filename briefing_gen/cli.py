"""Command line: ``check``, ``build`` and ``serve``.

This is the one place that turns problems into messages and exit codes:
0 all good, 1 the input, the build or the file system has problems (each
printed, no traceback), 2 the command line itself is wrong (argparse's own rule).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from briefing_gen.build import Project, build_pdfs, build_site, load_and_check
from briefing_gen.errors import BuildError, CommandError, CorpusError, plural, printable


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    project = Project(Path(args.root).resolve())
    command: Callable[[Project, argparse.Namespace], None] = args.run
    try:
        command(project, args)
    except CorpusError as error:
        github = getattr(args, "format", "text") == "github"
        for problem in error.problems:
            # Annotations are workflow commands, which GitHub reads from standard output.
            print(problem.as_github_annotation() if github else problem, file=sys.stdout if github else sys.stderr)
        print(f"{plural(len(error.problems), 'problem')} found; nothing was written.", file=sys.stderr)
        return 1
    except BuildError as error:
        print("\n".join(printable(line) for line in f"error: {error}".split("\n")), file=sys.stderr)
        if args.run in (_build, _pdf):
            print("The previous site was kept.", file=sys.stderr)
        return 1
    except CommandError as error:
        print(printable(f"error: {error}"), file=sys.stderr)
        return 1
    except OSError as error:  # the file system refused what no command foresaw: say what and where, no traceback
        where = f"{error.filename}: " if error.filename else ""
        print(printable(f"error: {where}{error.strerror or error}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m briefing_gen",
        description="Turn sourced facts into verified policy briefings.",
    )
    parser.add_argument("--root", default=".", help="the project folder (default: the current folder)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="validate facts, sources and briefings (fast; writes nothing)")
    check.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="text: path:line:col: field: message (default); github: GitHub Actions annotations",
    )
    check.add_argument(
        "--base", metavar="REV", help="the revision a change is checked against: says where it removed facts from"
    )
    check.set_defaults(run=_check)
    build = commands.add_parser("build", help="check, generate the Markdown and build the site with MkDocs --strict")
    build.add_argument("--site-dir", type=Path, help="where to put the built site (default: site/)")
    build.set_defaults(run=_build)
    pdf = commands.add_parser("pdf", help="check and print only the PDF briefings (default: into site/pdf/)")
    pdf.add_argument("--out", type=Path, help="folder for the PDFs (default: site/pdf/)")
    pdf.set_defaults(run=_pdf)
    diff = commands.add_parser("diff", help="summarise, in Markdown, what the work tree changes against a git revision")
    diff.add_argument("base", metavar="BASE", help="the git revision to compare with, e.g. origin/main")
    diff.add_argument(
        "--preview-url",
        metavar="URL",
        help="where the change's site is published, to link the pages that change (default: name their files)",
    )
    diff.set_defaults(run=_diff)
    schema = commands.add_parser("schema", help="regenerate the JSON Schemas in content/schemas/ from the models")
    schema.set_defaults(run=_schema)
    new = commands.add_parser("new", help="start a new site in a new folder: a small project check and build accept")
    new.add_argument("folder", metavar="DIR", type=Path, help="the folder to create (new, or empty)")
    new.add_argument("--title", help="the site's title (default: from the folder's name)")
    new.set_defaults(run=_new)
    add = commands.add_parser(
        "add-source", help="archive a saved web page or a text file as a source (fetches nothing)"
    )
    add.add_argument("file", metavar="FILE", type=Path, help="the saved page (.html) or the report's text (.txt)")
    add.add_argument("--url", help="where the report was published, if you know it (http or https)")
    add.add_argument("--id", dest="source_id", help="the new source's id (default: from its title)")
    add.add_argument("--archived", help="the day you saved it, YYYY-MM-DD (default: today)")
    add.set_defaults(run=_add_source)
    quote = commands.add_parser(
        "quote", help="find passages of the archived texts with these words, each printed as a citation to paste"
    )
    quote.add_argument("words", metavar="WORDS", help='the words to look for, e.g. "120 ships were delayed"')
    quote.add_argument("--source", metavar="ID", help="look only in this source")
    quote.set_defaults(run=_quote)
    serve = commands.add_parser("serve", help="preview the site, regenerating when a fact or source file changes")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    serve.set_defaults(run=_serve)
    return parser


def _check(project: Project, args: argparse.Namespace) -> None:
    shown_before = None
    if args.base is not None:
        from briefing_gen.diff import places_at

        shown_before = places_at(project.root, args.base)
    corpus = load_and_check(project, shown_before)
    citations = sum(len(f.model.citations) for f in corpus.facts)
    print(
        f"OK: {plural(len(corpus.facts), 'fact')}, {plural(citations, 'quote')} checked against "
        f"{plural(len(corpus.sources), 'archived source')}, {plural(len(corpus.briefings), 'briefing')}."
    )


def _build(project: Project, args: argparse.Namespace) -> None:
    site_dir = args.site_dir.resolve() if args.site_dir else project.site_dir
    site = build_site(project, site_dir)
    briefings, sources = plural(len(site.briefings), "briefing"), plural(len(site.sources), "source page")
    pdfs = "its PDF" if len(site.briefings) == 1 else "their PDFs"
    print(f"Built {briefings}, {pdfs} and {sources} into {site_dir}")


def _pdf(project: Project, args: argparse.Namespace) -> None:
    out = args.out.resolve() if args.out else project.site_dir / "pdf"
    pdfs = build_pdfs(project, out)
    print(f"Printed {plural(len(pdfs), 'PDF')} into {out}")


def _diff(project: Project, args: argparse.Namespace) -> None:
    from briefing_gen.diff import diff_against, preview_at

    print(diff_against(project.root, args.base, preview_at(args.preview_url)), end="")


def _schema(project: Project, args: argparse.Namespace) -> None:
    from briefing_gen.schema import SCHEMA_DIR, schema_files
    from briefing_gen.write import sync_folder

    changed = sync_folder(schema_files(), project.root / SCHEMA_DIR)
    print(f"{plural(len(changed), 'schema file')} changed in {SCHEMA_DIR}/")


def _new(project: Project, args: argparse.Namespace) -> None:
    from briefing_gen.scaffold import start_site

    started = start_site(args.folder, args.title)
    print(f"Started a site in {started.folder}: {len(started.files)} files")
    print("\n".join(f"  {name}" for name in started.files))
    if started.missing:
        print("Not established; fill it in before the workflow can run:")
        print("\n".join(f"- {line}" for line in started.missing))
    print(f"Next: cd {started.folder} && python -m briefing_gen check (with the generator's virtualenv)")


def _add_source(project: Project, args: argparse.Namespace) -> None:
    from briefing_gen.intake import add_source

    added = add_source(project.root, args.file, args.url, args.source_id, args.archived)
    print(f"Added source '{added.source.id}': {added.text_path} and {added.yaml_path}")
    print("Not established, so recorded as unknown or left empty; fill in what the text itself states:")
    print("\n".join(printable(f"- {line}") for line in added.missing))  # hints quote the page's own metadata


def _quote(project: Project, args: argparse.Namespace) -> None:
    from briefing_gen.finder import passages_for

    print(passages_for(project.root, args.words, args.source), end="")


def _serve(project: Project, args: argparse.Namespace) -> None:
    from briefing_gen.serve import serve

    serve(project, args.dev_addr)
