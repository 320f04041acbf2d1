"""The ``llm`` engine's article-level machinery: context, prompt, batching, checking answers.

The other engines translate one text at a time. The ``llm`` engine
(``mt.engines.llm``, any OpenAI-compatible chat-completions endpoint) gets,
for each article and language, the missing segments in document order in as
few requests as the token budget allows, each request carrying the article
around them:

- ``tokens``: estimated token counts (batching, ``--dry-run`` cost);
- ``context``: the article as its PO file holds it (title, description,
  headings, neighbours and their reviewed translations);
- ``prompt``: the system prompt (rules and the per-language style guide),
  the JSON user message and answer schema, the prompt version and cache keys;
- ``answer``: finding the JSON in an answer and checking every segment;
- ``batch``: requests by budget, sent through ``mt.dispatch``, each failed
  segment retried alone once.

Part of ``pipeline.mt``: may import what ``mt`` may.
"""
