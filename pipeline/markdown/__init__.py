"""markdown: the document model, Markdown ⇄ segments.

Owns parsing a Markdown article (CommonMark, GFM tables, YAML front matter)
into the segments translators see and rebuilding it from their translations
(``document``), its front matter (``frontmatter``), whether a block holds
anything to translate (``words``), markdown-it's block rules tried only
where they can match (``blocks``), and the project's articles as loaded
documents with their slugs and size limits checked (``articles``).

May import: ``pipeline.project``, ``pipeline.runtime``, ``pipeline.errors``.
"""
