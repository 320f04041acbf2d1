"""Provisional PO serializer (replaced by the GNU-compatible writer)."""

from __future__ import annotations

import polib


def format_po(po: polib.POFile, *, width: int = 79) -> str:
    po.wrapwidth = width
    return str(po)
