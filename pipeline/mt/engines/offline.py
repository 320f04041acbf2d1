"""Engines that need no network: ``pseudo`` (pseudo-localization) and ``apertium``.

Rules:

- ``pseudo`` does what Windows and Android pseudo-locales do, to test
  layouts before any translator is paid: letters get accents, the text
  grows by the share a real translation would (short strings most), and
  the whole is bracketed with ``⁅ … ⁆`` so a cut-off string is visible (and
  validate and assemble know it for what it is: ``po.marks``). For
  a right-to-left target every word is wrapped in RLM + RLO … PDF + RLM, as
  Android's ``ar-XB`` does, so the page shows mirrored text and any layout
  that is not ready for RTL stands out. Placeholder tokens are never
  touched, so markup survives like with any engine.
- ``apertium`` runs ``apertium -u <pair>`` (Debian packages ``apertium``
  and ``apertium-eng-spa``); pairs come from the language table's
  ``apertium`` codes and must be installed (``apertium -l``); ``-u`` keeps
  unknown words without the ``*`` marks. A call that overruns the deadline
  kills the subprocess.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

from pipeline.errors import UsageError
from pipeline.mt.engines import BadResponse, CallTimeout, EmptyResult, Engine, register
from pipeline.mt.placeholders import TOKEN_PATTERN
from pipeline.po.marks import PSEUDO_CLOSE, PSEUDO_OPEN
from pipeline.project.languages import Language

_ACCENTED = str.maketrans(
    "AaBbCcDdEeFfGgHhIiJjKkLlMmNnOoPpRrSsTtUuVvWwYyZz",
    "ÅåƁƀÇçÐðÉéƑƒĜĝĤĥÎîĴĵĶķĻļṀṁÑñÖöÞþŘřŠšŢţÛûṼṽŴŵÝýŽž",
)
_PADDING = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_RLO_WORD = "\u200f\u202e{}\u202c\u200f"


def expansion(length: int) -> int:
    """Characters to add so a text of ``length`` grows as translations into German or Finnish do."""
    if length <= 10:
        share = 1.0
    elif length <= 20:
        share = 0.8
    elif length <= 50:
        share = 0.5
    elif length <= 70:
        share = 0.4
    else:
        share = 0.3
    return max(3, int(length * share))


def pseudo_localize(text: str, rtl: bool = False) -> str:
    """The pseudo-localized form of ``text``; placeholder tokens are copied unchanged."""
    out: list[str] = []
    position = 0
    for match in TOKEN_PATTERN.finditer(text):
        out.append(_transform(text[position : match.start()], rtl))
        out.append(match.group())
        position = match.end()
    out.append(_transform(text[position:], rtl))
    body = "".join(out)
    return f"{PSEUDO_OPEN}{body} {_padding(expansion(len(text)), rtl)}{PSEUDO_CLOSE}"


def _transform(part: str, rtl: bool) -> str:
    if not rtl:
        return part.translate(_ACCENTED)
    return " ".join(_RLO_WORD.format(word) if word else word for word in part.split(" "))


def _padding(size: int, rtl: bool) -> str:
    words: list[str] = []
    while len(" ".join(words)) < size:
        words.append(_PADDING[len(words) % len(_PADDING)])
    return _transform(" ".join(words), rtl)


@register("pseudo")
class PseudoEngine(Engine):
    """Pseudo-localization, for testing layouts; works for every language."""

    max_chars = 0
    workers = 1
    online = False
    instant = True

    def code(self, lang: Language) -> str | None:
        return lang.code

    def translate(self, text: str, source: Language, target: Language) -> str:
        return pseudo_localize(text, rtl=target.is_rtl)


@functools.cache
def installed_pairs() -> frozenset[str]:
    """Apertium modes installed on this machine (``eng-spa`` …); empty without apertium."""
    binary = shutil.which("apertium")
    if binary is None:
        return frozenset()
    try:
        listed = subprocess.run([binary, "-l"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in listed.stdout.splitlines() if line.strip())


@register("apertium")
class ApertiumEngine(Engine):
    """Apertium rule-based translation, run locally as a subprocess."""

    max_chars = 0
    workers = 2
    online = False

    def setup(self) -> None:
        if shutil.which("apertium") is None:
            raise UsageError(
                "engine 'apertium' needs the apertium program: "
                "apt-get install apertium apertium-eng-spa"
            )

    def lacks(self, source: Language, targets: list[Language]) -> list[Language]:
        return [lang for lang in targets if self.mode(source, lang) not in installed_pairs()]

    def mode(self, source: Language, target: Language) -> str:
        return f"{self.code(source)}-{self.code(target)}"

    def translate(self, text: str, source: Language, target: Language) -> str:
        try:
            done = subprocess.run(
                ["apertium", "-u", self.mode(source, target)],
                input=text,
                capture_output=True,
                text=True,
                timeout=self.options.timeout,
            )
        except subprocess.TimeoutExpired:
            raise CallTimeout("apertium did not finish before the deadline") from None
        except OSError as exc:
            raise BadResponse(f"cannot run apertium: {exc.strerror or exc}") from None
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["no message"])[0]
            raise BadResponse(f"apertium failed: {reason}")
        result = done.stdout.rstrip("\n")
        if not result.strip():
            raise EmptyResult("apertium returned nothing")
        return result
