"""What readers and search engines read about a page besides its text: dates, Open Graph.

Rules:

- Dates are written the way each language writes them, from Babel's CLDR
  data (``format_date(…, "long")``: « 20 novembre 2026 », « 2026年11月20日 »),
  never from formats written here; the machine-readable form is ISO 8601
  for ``<time datetime>``. A front-matter date that is no date is not shown.
- ``og:locale`` is ``language_TERRITORY`` as Open Graph wants it (``fr_FR``,
  ``zh_CN``, ``pt_PT``), the territory taken from CLDR's likely subtags
  where the language table gives none.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date

from pipeline.project.languages import Language


def _babel_name(lang: Language) -> str:
    return lang.bcp47.replace("-", "_")


@cache
def og_locale(lang: Language) -> str:
    """``fr_FR``: the language and its most likely territory."""
    name = _babel_name(lang)
    likely = get_global("likely_subtags")
    try:
        locale = Locale.parse(likely.get(name, likely.get(lang.bcp47.split("-")[0], name)))
    except (UnknownLocaleError, ValueError):
        return lang.bcp47.split("-")[0]
    territory = Locale.parse(name).territory or locale.territory
    return f"{locale.language}_{territory}" if territory else locale.language


def parse_date(value: object) -> dt.date | None:
    """A front-matter ``date`` (YAML date, datetime or ISO text) as a date; else ``None``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def local_date(date: dt.date, lang: Language) -> str:
    """``date`` as ``lang`` writes it in running text (CLDR's long format)."""
    return format_date(date, format="long", locale=_babel_name(lang))
