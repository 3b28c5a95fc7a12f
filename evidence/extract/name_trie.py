"""One regex alternation of many literal phrases, factored by common prefixes."""

from __future__ import annotations

import re


def trie_alternation(forms: list[str]) -> str:
    """The regex body matching any of `forms` (lower-case literals), longest first.

    Python's regex engine tries the branches of a flat alternation one by one at
    every position; a prefix tree tries each character once, which makes a
    500-name lexicon scan more than ten times faster. Longer forms still win: a
    shorter form's ending is optional and tried last.
    """
    trie: dict[str, dict] = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie) or r"(?!x)x"
