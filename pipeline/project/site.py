"""The site's own strings ("Contact Us", "Search", notices, language names): one catalog more.

Rules:

- The messages are listed here, once, with a comment for translators; the
  templates ask for them by their English text (language names by their
  English name, in context ``language name``).
- They live in the domain ``layout.SITE_DOMAIN`` (``po/site/``): extract
  writes its template and merges it like an article's, assemble shows each
  string under the same publication rules as an article's paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.project.languages import LANGUAGES

LANGUAGE_CONTEXT = "language name"


@dataclass(frozen=True)
class Message:
    msgid: str
    comment: str
    context: str | None = None


MESSAGES: tuple[Message, ...] = (
    Message("Contact Us", "Header link to the contact page."),
    Message("Search", "Header link to the site search."),
    Message("Languages", "Accessible name of the language switcher (read by screen readers)."),
    Message("Tags", "Label above the hashtags of an article."),
    Message("Articles", "Heading of the list of articles in one language."),
    Message("Choose a language", "Heading of the start page, which lists the site's languages."),
    Message(
        "This page was machine-translated and has not been reviewed yet.",
        "Notice at the top of a page that shows machine translation nobody reviewed.",
    ),
    Message(
        "Parts of this page are shown in English because their translation is not ready.",
        "Notice at the top of a page where some paragraphs are shown in English.",
    ),
    Message(
        "This page is shown in English because its translation is not ready.",
        "Notice at the top of a page where nothing is translated yet.",
    ),
    *(
        Message(lang.english_name, "Name of a language, as used in your language.",
                LANGUAGE_CONTEXT)
        for lang in LANGUAGES
    ),
)
