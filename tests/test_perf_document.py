"""Document parsing shortcuts give what a full parse gives.

The front matter is found by parsing only up to the first line that may
close it, and the body is parsed only when its segments are asked for.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.markdown import document
from pipeline.markdown.document import parse_text

FRONT_MATTERS = [
    "---\ntitle: A\n---\nBody.\n",
    "---\ntitle: A\n...\nBody.\n",
    "---\ntitle: A\n-----\nBody.\n",
    "-----\ntitle: A\n---\nstill: front\n-----\nBody.\n",
    "---\ntitle: A\n    ---\nmore: yes\n---\nBody.\n",
    "---\ntitle: A\n  ---  \nBody.\n",
    "---\ntitle: A\n",
    "---\n",
    "---",
    "--\ntitle: A\n--\n",
    "---\r\ntitle: A\r\n---\r\nBody.\r\n",
    "---\ntitle: A\n ...\n---\nBody.\n",
    "---\ntitle: A\n... \nBody.\n",
    "---\n---\n",
    "- item\n---\n",
    "---\ntitle: A\ndescription: B\n---\n# Head\n\n---\n\nPara.\n",
    "---\nslug: other-name\n---\nText.\n",
]


@pytest.mark.parametrize("text", FRONT_MATTERS)
def test_front_matter_found_on_a_prefix_equals_full_parse(text: str) -> None:
    quick = document._front_matter_token(text)
    full = document._first_front_matter(text)
    if full is None:
        assert quick is None
    else:
        assert quick is not None
        assert (quick.content, quick.map, quick.markup) == (full.content, full.map, full.markup)


def test_body_is_parsed_only_when_segments_are_needed() -> None:
    doc = parse_text("---\nslug: kept\ntitle: T\n---\n# Heading\n\nA paragraph.\n", Path("x.md"))
    assert doc._body is None
    assert doc.slug == "kept"
    assert doc._body is None
    assert [s.text for s in doc.segments] == ["T", "Heading", "A paragraph."]
    assert doc._body is not None


def test_bad_front_matter_is_reported_at_load_time() -> None:
    with pytest.raises(document.SourceError, match="front matter is not valid YAML"):
        parse_text("---\ntitle: [unclosed\n---\nBody.\n", Path("x.md"))
