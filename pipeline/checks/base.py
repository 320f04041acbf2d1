"""The check registry: what a check is, what it sees, how checks are run.

A check is a small module-level function registered with ``@check(id,
severity)``; its docstring's first line is its title. Entry checks receive a
``Subject`` (one msgid/msgstr pair and its language) and return a message,
or ``None`` when the entry passes. File checks receive a ``FileSubject`` and
return an ``Issue`` or ``None``. Every check runs on every entry it applies
to; the runner collects all results and never stops at the first.

Scopes: ``translated`` (active entries with a translation, the default),
``active`` (every active entry, translated or not), ``obsolete`` (``#~``
entries only) and ``file``. A translator silences one check for one entry
with a translator comment line ``# ignore: <check-id> <reason>`` (see
``po.marks``). A *mandatory* check (``added-markup``: what keeps markup out
of the published pages) can be neither skipped nor silenced.

An entry holding pseudo-localization (``marks.is_pseudo_text``) is a
layout preview, not a translation: no entry check runs on it (the file
check ``pseudo`` counts them instead), so a pseudo run neither floods the
report nor fails it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

import polib

from pipeline.checks.markup import Inventory, inventory
from pipeline.errors import PoFileError
from pipeline.po.marks import Marked, checks_ignored, is_pseudo_text
from pipeline.po.syntax import PoLayout
from pipeline.project.glossary import Hit
from pipeline.project.languages import Language


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


ERROR = Severity.ERROR
WARNING = Severity.WARNING
SCOPES = ("translated", "active", "obsolete", "file")
FAMILIES = (
    "syntax", "states", "language", "parity", "glossary", "spacing", "punctuation", "bidi"
)
"""Check families (modules of ``pipeline.checks``) in the order their checks run."""


@dataclass
class Subject:
    """One msgid / msgstr pair as an entry check sees it."""

    msgid: str
    msgstr: str
    lang: Language
    flags: frozenset[str] = frozenset()
    previous_msgid: str | None = None
    terms: tuple[str, ...] = ()
    """Do-not-translate terms of the project (brand names, the site name)."""
    obsolete: bool = False
    engine: str | None = None
    """The machine-translation engine a ``# mt: <engine>`` line names (``marks``)."""
    ignored: frozenset[str] = frozenset()
    """Checks silenced by ``# ignore: <check-id> <reason>`` lines (``marks.ignored_checks``)."""
    comment: str = ""
    """The whole translator comment, where those lines live."""
    glossary: tuple[Hit, ...] = ()
    """Glossary terms whose English occurs in the msgid, with their forms in ``lang``."""

    @property
    def translated(self) -> bool:
        return bool(self.msgstr)

    @property
    def pseudo(self) -> bool:
        """Pseudo-localization: a preview that no entry check looks at."""
        return is_pseudo_text(self.engine, self.msgstr)

    @cached_property
    def source(self) -> Inventory:
        return inventory(self.msgid)

    @cached_property
    def target(self) -> Inventory:
        return inventory(self.msgstr)


@dataclass(frozen=True)
class Issue:
    """What a file check found, and the line it is about (``None``: the whole file)."""

    message: str
    line: int | None = None


@dataclass
class FileSubject:
    """A PO or POT file as a file check sees it."""

    path: str
    lang: Language | None
    """The file's language; ``None`` for a template."""
    exists: bool = True
    po: polib.POFile | None = None
    layout: PoLayout | None = None
    error: PoFileError | None = None
    template_keys: frozenset[tuple[str | None, str]] | None = None

    def header_line(self, name: str) -> int:
        if self.layout is None:
            return 1
        return self.layout.header_fields.get(name, self.layout.header_line)


EntryFunc = Callable[[Subject], str | None]
FileFunc = Callable[[FileSubject], Issue | None]


@dataclass(frozen=True)
class Check:
    """One registered check."""

    id: str
    severity: Severity
    title: str
    family: str
    scope: str
    func: Callable[[Any], Any] = field(compare=False, repr=False)
    mandatory: bool = False
    """Neither skipped (``--skip``, ``skip_checks``) nor silenced (``# ignore:``)."""


REGISTRY: dict[str, Check] = {}


def ordered_checks() -> list[Check]:
    """Every registered check, by family in running order, then as registered."""
    position = {family: i for i, family in enumerate(FAMILIES)}
    return sorted(REGISTRY.values(), key=lambda c: position.get(c.family, len(FAMILIES)))


def check(check_id: str, severity: Severity, scope: str = "translated",
          mandatory: bool = False) -> Callable[[Any], Any]:
    """Register the decorated function as check ``check_id``; its docstring is its title."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")

    def register(func: Callable[[Any], Any]) -> Callable[[Any], Any]:
        if check_id in REGISTRY:
            raise ValueError(f"check {check_id!r} registered twice")
        title = (func.__doc__ or "").strip().splitlines()[0].rstrip(".")
        family = func.__module__.rsplit(".", 1)[-1]
        REGISTRY[check_id] = Check(check_id, severity, title, family, scope, func, mandatory)
        return func

    return register


def applicable(subject: Subject, skip: Iterable[str] = ()) -> list[Check]:
    """The entry checks that run on ``subject``, in registry order, minus ``skip``."""
    skipped = set(skip)
    if subject.obsolete:
        scopes = {"obsolete"}
    elif subject.pseudo:
        return []
    elif subject.translated:
        scopes = {"active", "translated"}
    else:
        scopes = {"active"}
    return [c for c in ordered_checks()
            if c.scope in scopes and (c.id not in skipped or c.mandatory)]


def run_entry(subject: Subject, skip: Iterable[str] = ()) -> list[tuple[Check, str]]:
    """Every applicable check's message for ``subject``; ``# ignore:`` lines honoured."""
    found: list[tuple[Check, str]] = []
    for item in applicable(subject, skip):
        if item.id in subject.ignored and not item.mandatory:
            continue
        message = item.func(subject)
        if message:
            found.append((item, message))
    return found


def errors_of(subject: Subject, skip: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The error-level findings of ``subject``, as ``(check id, message)``: what a verdict needs."""
    return [(item.id, message) for item, message in run_entry(subject, skip)
            if item.severity is ERROR]


def subject_of(msgid: str, entry: Marked, lang: Language, terms: tuple[str, ...],
               glossary: tuple[Hit, ...] = ()) -> Subject:
    """The subject of an active, singular entry, as validate builds it from the PO entry
    (``attention.entry_subjects``), with the glossary's terms the msgid holds."""
    return Subject(msgid=msgid, msgstr=entry.msgstr, lang=lang, flags=frozenset(entry.flags),
                   previous_msgid=entry.previous_msgid, terms=terms, obsolete=False,
                   engine=entry.engine, ignored=frozenset(checks_ignored(entry.comment,
                                                                         entry.flags)),
                   comment=entry.comment, glossary=glossary)


def run_file(subject: FileSubject, skip: Iterable[str] = ()) -> list[tuple[Check, Issue]]:
    """Every file check's issue for ``subject``."""
    skipped = set(skip)
    found: list[tuple[Check, Issue]] = []
    for item in ordered_checks():
        if item.scope != "file" or item.id in skipped:
            continue
        issue = item.func(subject)
        if issue is not None:
            found.append((item, issue))
    return found
