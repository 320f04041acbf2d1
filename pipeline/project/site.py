"""The site's own strings (navigation, footer, notices, language names): one catalog more.

Rules:

- The built-in messages are listed here, once, with a comment for
  translators; the configuration adds the labels of its navigation links
  (``nav``, first, in their order) and its footer text (``site_messages``).
  The templates ask for them by their English text (language names by
  their English name, in context ``language name``).
- They live in the domain ``layout.SITE_DOMAIN`` (``po/site/``): extract
  writes its template and merges it like an article's, assemble shows each
  string under the same publication rules as an article's paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.project.languages import LANGUAGES
from pipeline.project.settings import Settings

LANGUAGE_CONTEXT = "language name"


@dataclass(frozen=True)
class Message:
    msgid: str
    comment: str
    context: str | None = None


NAV_COMMENT = "Link in the site header."
FOOTER_COMMENT = "Text at the foot of every page (keep its Markdown links as they are)."

MESSAGES: tuple[Message, ...] = (
    Message("Skip to content", "Link for keyboard and screen-reader users: jumps over the "
            "header to the page's text."),
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


def site_messages(settings: Settings) -> tuple[Message, ...]:
    """Every message of the site's catalog for this project: its navigation labels, the
    built-in messages, its footer; each text once."""
    nav = [Message(link.label, link.comment or NAV_COMMENT) for link in settings.nav]
    footer = [Message(settings.footer, FOOTER_COMMENT)] if settings.footer else []
    builtin = {m.msgid for m in MESSAGES if m.context is None}
    own: list[Message] = []
    for message in (*nav, *footer):
        if message.msgid not in builtin and all(m.msgid != message.msgid for m in own):
            own.append(message)
    labels = {link.label for link in settings.nav}
    return (*[m for m in own if m.msgid in labels], *MESSAGES,
            *[m for m in own if m.msgid not in labels])
