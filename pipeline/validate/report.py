"""How validate and status results are shown: for people, for scripts, for CI systems.

Formats:

- ``text``: one line per problem, ``file:line: severity [check-id] message``,
  grouped by file (a blank line between files), then a summary. Under
  the findings of an entry, its English and its translation, each on one
  line and shortened (``attention.shorten``).
- ``json``: one object with ``ok``, ``summary``, ``problems``, ``completeness``.
- ``junit``: JUnit XML, one ``<testsuite>`` per file, one ``<testcase>`` per
  problem (a ``<failure>`` when it fails the run), plus a ``completeness``
  suite with one case per gated article and language. GitLab, Jenkins,
  Azure read it.
- ``github``: GitHub Actions workflow commands (``::error file=…,line=…``),
  shown as annotations on the PO files in a pull request.

Percentages are shown truncated to one decimal, so "100.0%" means complete.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from itertools import groupby
from typing import Any

from pipeline.checks import Check, Severity
from pipeline.checks.attention import shorten
from pipeline.checks.completeness import percent, status_data
from pipeline.validate.results import Gate, Problem, ValidateReport

FORMATS = ("text", "json", "junit", "github")


def _threshold(value: float) -> str:
    return f"{value:g}%"


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line or 0))


def _fails(problem: Problem, strict: bool) -> bool:
    return problem.severity is Severity.ERROR or strict


def _gate_message(gate: Gate) -> str:
    verdict = "ok" if gate.passed else "FAILED"
    return (
        f"{gate.language} {gate.article} {percent(gate.percent)} "
        f"(needs {_threshold(gate.threshold)}) {verdict}"
    )


def gate_lines(gates: list[Gate]) -> list[str]:
    """One line per gated language: ok, or the articles below the threshold."""
    lines = []
    for language, group in groupby(
        sorted(gates, key=lambda g: g.language), key=lambda g: g.language
    ):
        items = list(group)
        failed = [g for g in items if not g.passed]
        if not failed:
            lowest = min(g.threshold for g in items)
            lines.append(
                f"completeness {language}: ok ({len(items)} of {len(items)} "
                f"at least {_threshold(lowest)})"
            )
        else:
            below = ", ".join(f"{g.article} {percent(g.percent)}" for g in failed)
            lines.append(
                f"completeness {language}: FAILED, below {_threshold(failed[0].threshold)}: {below}"
            )
    return lines


def _failed_languages(report: ValidateReport) -> int:
    return len({g.language for g in report.failed_gates})


# --- validate -------------------------------------------------------------


def render(report: ValidateReport, fmt: str) -> str:
    """``report`` in format ``fmt`` (one of ``FORMATS``)."""
    renderers = {
        "text": render_text,
        "json": render_json,
        "junit": render_junit,
        "github": render_github,
    }
    return renderers[fmt](report)


def summary_line(report: ValidateReport) -> str:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    reasons = []
    if errors or report.errors:
        reasons.append(f"{errors + len(report.errors)} error(s)")
    if report.strict and warnings:
        reasons.append(f"{warnings} warning(s) in strict mode")
    if report.failed_gates:
        reasons.append(f"{_failed_languages(report)} language(s) below the completeness threshold")
    verdict = "FAILED (" + ", ".join(reasons) + ")" if report.failed else "ok"
    return f"result: {verdict}"


def _entry_texts(problem: Problem) -> list[str]:
    """The English and the translation of the entry ``problem`` is about, indented."""
    if problem.msgid is None:
        return []
    lines = [f"    en: {shorten(problem.msgid)}"]
    if problem.language is not None and problem.msgstr is not None:
        shown = shorten(problem.msgstr) if problem.msgstr else "(no translation)"
        lines.append(f"    {problem.language}: {shown}")
    return lines


def render_text(report: ValidateReport) -> str:
    lines: list[str] = []
    for _, group in groupby(_sorted(report.problems), key=lambda p: p.path):
        for _, same in groupby(group, key=lambda p: (p.line, p.msgid)):
            found = list(same)
            lines.extend(f"{p.location}: {p.severity} [{p.check}] {p.message}" for p in found)
            lines.extend(_entry_texts(found[0]))
        lines.append("")
    lines.extend(f"error: {error}" for error in report.errors)
    if report.errors:
        lines.append("")
    by_check = Counter(p.check for p in report.problems)
    detail = ", ".join(f"{check} {n}" for check, n in sorted(by_check.items()))
    lines.append(f"checked {len(report.files)} file(s), {report.entries} entries")
    lines.append(
        f"problems: {report.count(Severity.ERROR)} error(s), "
        f"{report.count(Severity.WARNING)} warning(s)" + (f" ({detail})" if detail else "")
    )
    if report.refused:
        lines.append(f"not published: {report.refused} translation(s) with an error or added "
                     "markup (assemble shows their English text)")
    lines.extend(gate_lines(report.gates))
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.path,
        "line": problem.line,
        "severity": str(problem.severity),
        "check": problem.check,
        "message": problem.message,
        "language": problem.language,
        "msgid": problem.msgid,
        "msgstr": problem.msgstr,
    }


def render_json(report: ValidateReport) -> str:
    data = {
        "ok": not report.failed,
        "strict": report.strict,
        "summary": {
            "files": len(report.files),
            "entries": report.entries,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "unpublished": report.refused,
        },
        "problems": [_problem_json(p) for p in _sorted(report.problems)],
        "errors": [str(error) for error in report.errors],
        "completeness": [
            {
                "language": g.language,
                "article": g.article,
                "file": g.path,
                "percent": round(g.percent, 2),
                "threshold": g.threshold,
                "passed": g.passed,
            }
            for g in report.gates
        ],
        "status": status_data(report.status),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _testcase(suite: ET.Element, problem: Problem, strict: bool) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        classname=problem.path,
        name=f"{problem.check} line {problem.line or 0}",
        file=problem.path,
        line=str(problem.line or 0),
    )
    text = f"{problem.location}: {problem.severity} [{problem.check}] {problem.message}"
    if _fails(problem, strict):
        failure = ET.SubElement(case, "failure", type=problem.check, message=problem.message)
        failure.text = text
    else:
        ET.SubElement(case, "system-out").text = text


def render_junit(report: ValidateReport) -> str:
    root = ET.Element("testsuites", name="localize validate")
    problems = {
        path: list(group) for path, group in groupby(_sorted(report.problems), key=lambda p: p.path)
    }
    for path in report.files:
        suite = ET.SubElement(root, "testsuite", name=path)
        found = problems.get(path, [])
        for problem in found:
            _testcase(suite, problem, report.strict)
        if not found:
            ET.SubElement(suite, "testcase", classname=path, name="all checks", file=path)
    if report.gates or report.errors:
        suite = ET.SubElement(root, "testsuite", name="completeness")
        for gate in report.gates:
            case = ET.SubElement(
                suite,
                "testcase",
                classname="completeness",
                name=f"min-complete {gate.language} {gate.article}",
                file=gate.path,
            )
            if not gate.passed:
                ET.SubElement(case, "failure", type="min-complete", message=_gate_message(gate))
        for error in report.errors:
            case = ET.SubElement(suite, "testcase", classname="input", name=str(error))
            ET.SubElement(case, "failure", type="input", message=str(error))
    _count(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _count(root: ET.Element) -> None:
    total = failures = 0
    for suite in root:
        cases = suite.findall("testcase")
        failed = sum(1 for case in cases if case.find("failure") is not None)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(failed))
        suite.set("errors", "0")
        total, failures = total + len(cases), failures + failed
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: ValidateReport) -> str:
    lines = []
    for problem in _sorted(report.problems):
        kind = "error" if _fails(problem, report.strict) else "warning"
        props = [f"file={_escape_property(problem.path)}"]
        if problem.line is not None:
            props.append(f"line={problem.line}")
        props.append(f"title={_escape_property(problem.check)}")
        lines.append(f"::{kind} {','.join(props)}::{_escape_data(problem.message)}")
    for error in report.errors:
        lines.append(f"::error title=input::{_escape_data(str(error))}")
    for gate in report.failed_gates:
        where = _escape_property(gate.path)
        lines.append(
            f"::error file={where},title=min-complete::{_escape_data(_gate_message(gate))}"
        )
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


# --- the list of checks ----------------------------------------------------


def render_checks(checks: list[Check], fmt: str) -> str:
    """The registry as a Markdown table (``text``) or JSON."""
    if fmt == "json":
        data = [
            {
                "id": c.id,
                "severity": str(c.severity),
                "family": c.family,
                "scope": c.scope,
                "title": c.title,
            }
            for c in checks
        ]
        return json.dumps(data, indent=2) + "\n"
    lines = ["| Check | Severity | Family | What it finds |", "|---|---|---|---|"]
    for c in checks:
        title = c.title.replace("|", "\\|")
        lines.append(f"| `{c.id}` | {c.severity} | {c.family} | {title} |")
    return "\n".join(lines) + "\n"
