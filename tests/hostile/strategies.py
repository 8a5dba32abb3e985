"""Hostile text: what a probe sends to find the request that breaks a server for everyone."""

from __future__ import annotations

from hypothesis import strategies as st

# Fragments known to break text handling somewhere: lone surrogates (high, low, a reversed
# pair), NUL and other controls, ANSI escapes, bidi overrides and isolates, a BOM, zero-width
# characters, line and paragraph separators, non-ASCII digits, astral characters, quotes,
# backslashes, markup, percent-escapes, path traversal, and CR/LF.
FRAGMENTS = (
    "\ud800",
    "\udfff",
    "\udc00\ud800",
    "\x00",
    "\x07\x08\x7f",
    "\x1b[31m",
    "\u202e",
    "\u2066\u2069",
    "\ufeff",
    "\u200b\u200d",
    "\u2028\u2029",
    "\u0661\u0662\u0663",
    "\U0001d54f\U0001f600",
    "\"'`",
    "\\",
    "<x>&amp;",
    "%00%ff",
    "../..",
    "\r\n",
    "",
)
_TRICKY = st.characters(categories=["Cs", "Cc", "Cf", "Zl", "Zp", "Nd", "So"])

hostile_text = st.one_of(
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(_TRICKY, max_size=4), st.text(max_size=4)),
        min_size=1,
        max_size=6,
    ).map("".join),
    # Very long values, some ending in a fragment that must be found past any prefix.
    st.tuples(
        st.integers(min_value=1_000, max_value=100_000), st.sampled_from(("", "\ud800", "\u202e"))
    ).map(lambda pair: "a" * pair[0] + pair[1]),
)

# Nesting depths around the documented limit (32) and far past any recursion limit.
depths = st.sampled_from((31, 32, 33, 256, 1_000, 100_000))
