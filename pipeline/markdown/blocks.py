"""markdown-it's block rules, tried only on the lines where they can match.

markdown-it tries its block rules one after the other on each line, and the
rules that end a paragraph on each of its lines; most give up at once, on
the line's first character (a fence wants a backtick or a tilde, a heading
a ``#``). Those calls were a third of the parse of a long article.

``dispatch_by_first_character`` puts, in front of each chain of rules, a
rule that looks at the line's first character once and tries only the
rules that can start with it, in their usual order; the tokens are the same
(``tests/test_mdblock.py`` compares them with the stock parser's on real
documents and on generated ones). A rule counts as one that starts with a
given character only if it is named in ``_FIRST_CHARACTERS``; any other rule
(a plugin's, say) is tried on every line, as before. The rules' first tests
are CommonMark's and the same in markdown-it-py 3 and 4 (the tests pass on
both); ``pyproject.toml`` keeps markdown-it-py below 5 until they are
checked again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

BlockRule = Callable[[StateBlock, int, int, bool], bool]

_FIRST_CHARACTERS: dict[str, str] = {
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
    "code": "",  # an indented line, which is tried with every rule
    "front_matter": "",  # the first line only, which is tried with every rule
}
"""Rule → the characters a line must start with (after its indent) for the rule to match.

Each is the first test of the rule in markdown-it (and mdit-py-plugins), made
before it changes anything; see each rule's source.
"""

_TABLE_DELIMITER = "|-:"
"""A table's second line starts with one of these (markdown-it's ``table`` rule)."""

CHAINS = ("", "paragraph", "reference", "blockquote", "list")
"""The chains markdown-it's parser and its block rules ask for."""


class _Dispatch:
    """One rule standing for a whole chain: tries those of the chain that can match here."""

    def __init__(self, rules: Sequence[BlockRule], names: Sequence[str]) -> None:
        self.every = list(rules)
        self._starts = [_FIRST_CHARACTERS.get(name) for name in names]
        self._table = [name == "table" for name in names]
        self._has_table = any(self._table)
        self._by_character: dict[tuple[str, bool], list[BlockRule]] = {}

    def __call__(self, state: StateBlock, line: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[line] + state.tShift[line]
        if line == 0 or pos >= state.eMarks[line] or state.sCount[line] - state.blkIndent >= 4:
            rules = self.every
        else:
            key = (state.src[pos], self._has_table and _no_table_after(state, line))
            found = self._by_character.get(key)
            rules = found if found is not None else self._select(*key)
        for rule in rules:  # noqa: SIM110 - any() over a generator is slower, on every line
            if rule(state, line, end, silent):
                return True
        return False

    def _select(self, character: str, no_table: bool) -> list[BlockRule]:
        rules = [rule for rule, starts, table in zip(self.every, self._starts, self._table,
                                                     strict=True)
                 if (starts is None or character in starts) and not (table and no_table)]
        self._by_character[(character, no_table)] = rules
        return rules


def _no_table_after(state: StateBlock, line: int) -> bool:
    """True when the next line shows that no table starts on ``line``."""
    following = line + 1
    if following >= len(state.bMarks):
        return False
    pos = state.bMarks[following] + state.tShift[following]
    return pos < state.eMarks[following] and state.src[pos] not in _TABLE_DELIMITER


def dispatch_by_first_character(md: MarkdownIt) -> MarkdownIt:
    """Make ``md``'s block parser try only the rules that can match each line (same tokens).

    Call it once the block rules are set up: once they are changed (a rule
    enabled, disabled or added), the stock chains are used again.
    """
    ruler = md.block.ruler
    names = {id(rule.fn): rule.name for rule in ruler.__rules__}
    stock = ruler.getRules
    chains: dict[str, list[BlockRule]] = {}
    for chain in CHAINS:
        rules = stock(chain)
        chains[chain] = [_Dispatch(rules, [names.get(id(rule), "") for rule in rules])]
    compiled = ruler.__cache__

    def get_rules(chain_name: str = "") -> list[BlockRule]:
        if ruler.__cache__ is compiled and chain_name in chains:
            return chains[chain_name]
        return stock(chain_name)

    ruler.getRules = get_rules  # type: ignore[method-assign,assignment]
    return md
