"""Schemathesis hooks for npm run contract:check (scripts/contract-check.ts).

Every string of every request body is held to one text rule before its schema (domain/text-rules.ts,
issue 16): no NUL, lone surrogate, control character, or invisible or text-direction character.
JSON Schema cannot state that rule for characters beyond the Basic Multilingual Plane in a pattern
that both ECMAScript and Python read alike, so the document does not carry it; generated bodies
holding such characters are dropped here instead. test/integration/hostile-text.test.ts sends them,
field by field, and expects the 400.
"""

import unicodedata

import schemathesis

HANGUL_FILLERS = {"\u115f", "\u1160", "\u3164", "\uffa0"}


def refused(ch: str) -> bool:
    code = ord(ch)
    if code in (0x09, 0x0A, 0x0D):
        return False
    if code <= 0x1F or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
        return True
    return ch in HANGUL_FILLERS or unicodedata.category(ch) in ("Cf", "Zl", "Zp")


def holds_refused_text(value) -> bool:
    if isinstance(value, str):
        return any(refused(ch) for ch in value)
    if isinstance(value, dict):
        return any(holds_refused_text(k) or holds_refused_text(v) for k, v in value.items())
    if isinstance(value, list):
        return any(holds_refused_text(item) for item in value)
    return False


@schemathesis.hook
def filter_body(context, body):
    return not holds_refused_text(body)
