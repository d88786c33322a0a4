"""Commands for other software: schema, export fhir."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from typing import TextIO

from sigrbm.cli.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, report_problems
from sigrbm.cli.documents import emit
from sigrbm.interop.canonical import PLACEHOLDER, PLACEHOLDER_NOTE, check_base

BASE_ENV = "SIGRBM_BASE_URL"


def add_base_url(p: argparse.ArgumentParser) -> None:
    """Issue 23: ``--base-url`` of schema ``$id``s and FHIR canonicals (default: $SIGRBM_BASE_URL,
    else the placeholder)."""
    p.add_argument(
        "--base-url",
        metavar="URL",
        help="base of schema $id and FHIR canonical URLs, your own published address "
        "(default: $SIGRBM_BASE_URL, else a placeholder)",
    )


def base_url(args: argparse.Namespace) -> str:
    """The base URL asked for (a usage error if it is not one)."""
    given = args.base_url or os.environ.get(BASE_ENV) or PLACEHOLDER
    try:
        return check_base(given)
    except ValueError as exc:
        raise UsageError(f"sigrbm {args.command}: error: --base-url / {BASE_ENV}: {exc}") from None


def _noted(code: int, base: str, args: argparse.Namespace, err: TextIO) -> int:
    """``code``, after a note on stderr when output meant to be published was written on the
    placeholder base (never presented as a real address)."""
    if code == EXIT_OK and base == PLACEHOLDER:
        err.write(f"sigrbm {args.command}: {PLACEHOLDER_NOTE}\n")
    return code


def cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import json

    from sigrbm.interop.schema import schema

    base = base_url(args)
    out.write(json.dumps(schema(args.kind, base=base), ensure_ascii=False, indent=2) + "\n")
    return _noted(EXIT_OK, base, args, err)


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import json

    from sigrbm.errors import InstrumentError, NotFoundError
    from sigrbm.instrument.load import load_instrument
    from sigrbm.interop.canonical import rebase
    from sigrbm.interop.fhir import FhirExportError, questionnaire, questionnaire_response
    from sigrbm.scoring.case_file import score_case_file

    base = base_url(args)
    source = args.source
    from sigrbm.instrument.load import bundled_paths

    is_case = source not in bundled_paths() and not looks_like_instrument(source)
    if not is_case and args.instrument:
        raise UsageError("sigrbm export: error: --instrument belongs to a CASE")
    if is_case:
        scored = score_case_file(source, args.instrument, cache=True)  # issue 23: --instrument
        if scored.problems:
            report_problems(scored.problems, err)
            return EXIT_INVALID
        latest = max(scored.items, key=lambda s: s.assessment.date)
        try:
            resource = questionnaire_response(latest.instrument, latest.assessment)
        except FhirExportError as exc:
            err.write(f"sigrbm export: {exc}\n")
            return EXIT_INVALID
    else:
        try:
            resource = questionnaire(load_instrument(source, cache=True))
        except FhirExportError as exc:
            err.write(f"sigrbm export: {exc}\n")
            return EXIT_INVALID
        except InstrumentError as exc:
            report_problems(exc.problems, err)
            return EXIT_INVALID
        except NotFoundError as exc:
            err.write(f"sigrbm export: {exc}\n")
            return EXIT_INVALID
    text = json.dumps(rebase(resource, base), ensure_ascii=False, indent=2) + "\n"
    return _noted(emit(text, "json", args.out, out, err), base, args, err)


def looks_like_instrument(path: str) -> bool:
    """A file whose top level has ``items`` (an instrument) rather than ``assessments``."""
    try:
        from sigrbm.reading.files import read_start

        head = read_start(path, 200_000).decode("utf-8", errors="replace")
    except OSError:  # the reader reports it (issue 22: a FIFO never blocks here)
        return False
    return "\nitems:" in head or ('"items"' in head and '"assessments"' not in head)


def _is_questionnaire(path: str) -> bool:
    """A JSON file whose resourceType is Questionnaire (read again, with every check, by the
    importer: this only chooses which importer)."""
    try:
        from sigrbm.reading.files import read_start

        head = read_start(path, 4096).decode("utf-8", errors="replace")
    except OSError:  # the importer reports it (issue 22: a FIFO never blocks here)
        return False
    return '"Questionnaire"' in head and '"QuestionnaireResponse"' not in head


def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``import fhir RESPONSE``: the case file with the imported assessment, as YAML;
    ``import fhir QUESTIONNAIRE``: the instrument the form was exported from, as YAML."""
    from sigrbm.interop.fhir_import import import_response

    if args.source_format in FORM_FORMATS:  # issue 21: the fillable checklist's saved file
        return _import_form(args, out, err)
    base = base_url(args)
    if _is_questionnaire(args.response):
        return _import_questionnaire(args, base, out, err)
    if args.date is not None:  # issue 21: strict YYYY-MM-DD, a usage error otherwise
        from sigrbm.reading.scalars import ScalarError, parse_date

        try:  # strictly YYYY-MM-DD (date.fromisoformat takes 2026-W01-1 too)
            day: dt.date | None = parse_date(args.date)
        except ScalarError:
            raise UsageError(
                f"sigrbm import: error: --date {args.date!r} is not YYYY-MM-DD"
            ) from None
    else:
        day = None
    got = import_response(
        args.response,
        instrument=args.instrument,
        case=args.case,
        author=args.author,
        date=day,
        base=base,
    )
    if got.problems:
        report_problems(got.problems, err)
        return EXIT_INVALID
    out.write(got.yaml())
    return EXIT_OK


#: ``import FORMAT`` for an assessment saved from the fillable checklist (Swedish and English).
FORM_FORMATS = ("formular", "form")


def _import_form(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``import form SAVED --case CASE``: the case file with the saved assessment (and its
    event) added and checked by the one check, as YAML on stdout; the case file is not
    changed (``case add assessment CASE --from SAVED`` writes it)."""
    from sigrbm.casework.form_import import import_form
    from sigrbm.reading.scalars import ScalarError, parse_date

    if not args.case:
        raise UsageError("sigrbm import: error: import form needs --case CASE")
    if args.instrument:
        raise UsageError("sigrbm import: error: --instrument belongs to import fhir")
    day = None
    if args.date is not None:
        try:
            day = parse_date(args.date)
        except ScalarError:
            raise UsageError(
                f"sigrbm import: error: --date {args.date!r} is not YYYY-MM-DD"
            ) from None
    try:
        got = import_form(args.response, args.case, author=args.author, date=day)
    except (OSError, UnicodeDecodeError) as exc:
        err.write(f"{args.case}: cannot read ({getattr(exc, 'strerror', None) or exc})\n")
        return EXIT_INVALID
    if got.problems or got.text is None:
        report_problems(got.problems, err)
        return EXIT_INVALID
    out.write(got.text)
    return EXIT_OK


def _import_questionnaire(args: argparse.Namespace, base: str, out: TextIO, err: TextIO) -> int:
    import yaml

    from sigrbm.interop.fhir_questionnaire import import_questionnaire

    if args.case or args.instrument or args.author or args.date:
        err.write(
            "sigrbm import: --case, --instrument, --author and --date belong to a "
            "QuestionnaireResponse\n"
        )
        return EXIT_USAGE
    got = import_questionnaire(args.response, base=base)
    if got.problems or got.instrument is None:
        report_problems(got.problems, err)
        return EXIT_INVALID
    inst = got.instrument
    out.write(
        f"# {inst.id} {inst.version}, content hash {inst.content_hash}: rebuilt by sigrbm from "
        "a FHIR Questionnaire it exported\n"
    )
    out.write(yaml.safe_dump(inst.to_dict(), allow_unicode=True, sort_keys=False))
    return EXIT_OK
