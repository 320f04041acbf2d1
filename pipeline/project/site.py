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
        "{percent}% of this page was translated by machine and has not been reviewed yet.",
        "Notice at the top of a page that shows machine translation nobody reviewed; "
        "{percent} becomes a number from 1 to 100: keep it, and write the percent sign as "
        "your language does.",
    ),
    Message("Translated from English", "Line at the top of every translated page, before the "
            "link to the English original."),
    Message("Read the original", "Link to the English original of a translated page."),
    Message("Not available in this language yet", "Tooltip on a language of the language bar "
            "in which the page has not been published (nothing is translated yet)."),
    Message(
        "Preview with pseudo-localized text: not a translation, not for readers.",
        "Notice on the pages of a layout preview (localize assemble --preview).",
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
