"""Glossary: where the English uses a term of the project's glossary, the agreed translation.

Rules:

- The terms come with the subject (``Subject.glossary``): the entries of
  ``project.glossary`` whose English forms occur somewhere in the msgid and
  that have forms in the subject's language. Which translation the entry
  holds (a translator's, Google's, an LLM's) does not matter.
- A term counts only where a reader sees it: in the prose of the msgid
  (``markup.inventory``), not inside code spans or URLs, as a whole word in
  any case.
- The translation passes when one of the term's accepted forms occurs in
  its prose (any case; also inside words in Japanese, Chinese, German and
  Arabic, whole words elsewhere: ``project.glossary.target_occurs``).
  Several terms missing make one message.
"""

from __future__ import annotations

from pipeline.checks.base import WARNING, Subject, check
from pipeline.project.glossary import SEPARATOR, source_occurs, target_occurs


@check("glossary", WARNING)
def glossary(subject: Subject) -> str | None:
    """A glossary term in the English is not translated as the glossary says."""
    if not subject.glossary:
        return None
    source, target = subject.source.prose, subject.target.prose
    missed = [
        f"{english[0]!r} → {SEPARATOR.join(repr(form) for form in forms)}"
        for english, forms in subject.glossary
        if source_occurs(english, source) and not target_occurs(forms, target, subject.lang)
    ]
    if not missed:
        return None
    return "glossary term not used: " + "; ".join(missed)
