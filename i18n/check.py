#!/usr/bin/env python3
"""Checks a translation against the English source (i18n/GUIDE.md).

    python3 i18n/check.py i18n/en.ftl i18n/ru.ftl

Fails on a syntax error, a missing or extra id, a message whose variables
differ from the English one's, a term, an attribute, a message reference, or
a control or bidirectional character. The Rust test
`engine::i18n::tests::every_language_has_every_id_and_exactly_its_variables`
checks the same for the catalogs compiled in. Needs `pip install fluent.syntax`.
"""

import sys
import unicodedata

from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor


class Variables(Visitor):
    def __init__(self):
        super().__init__()
        self.names = set()
        self.references = []

    def visit_VariableReference(self, node):
        self.names.add(node.id.name)

    def visit_MessageReference(self, node):
        self.references.append(node.id.name)

    def visit_TermReference(self, node):
        self.references.append("-" + node.id.name)


def unsafe(c):
    return (
        unicodedata.category(c) == "Cc" and c != "\n"
    ) or c in "\u2028\u2029\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def load(path, problems):
    text = open(path, encoding="utf-8").read()
    for i, line in enumerate(text.split("\n"), 1):
        bad = [f"U+{ord(c):04X}" for c in line if unsafe(c)]
        if bad:
            problems.append(f"{path}:{i}: control or bidi characters {bad}")
    resource = FluentParser().parse(text)
    messages = {}
    for entry in resource.body:
        if isinstance(entry, ast.Junk):
            problems.append(f"{path}: syntax error near: {entry.content.strip()[:80]!r}")
        elif isinstance(entry, ast.Term):
            problems.append(f"{path}: term -{entry.id.name} (not used here)")
        elif isinstance(entry, ast.Message):
            if entry.id.name in messages:
                problems.append(f"{path}: {entry.id.name} twice")
            if entry.attributes:
                problems.append(f"{path}: {entry.id.name} has attributes")
            v = Variables()
            v.visit(entry)
            if v.references:
                problems.append(f"{path}: {entry.id.name} references {v.references}")
            messages[entry.id.name] = v.names
    return messages


def main(english, translation):
    problems = []
    en = load(english, problems)
    tr = load(translation, problems)
    for key in en:
        if key not in tr:
            problems.append(f"missing: {key}")
        elif tr[key] != en[key]:
            problems.append(
                f"{key}: variables {sorted(tr[key])}, English has {sorted(en[key])}"
            )
    for key in tr:
        if key not in en:
            problems.append(f"not in English: {key}")
    for p in problems:
        print(p)
    print(f"{len(en)} ids, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
