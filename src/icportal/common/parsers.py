"""API body parsers that turn unreadable bodies into a 400 before any view sees them.

DRF's own parsers let three kinds of body through to the views, where they ended in a 500 or,
worse, in a decision taken on an empty body:
- JSON nested thousands deep: the json module raises RecursionError (not a ValueError);
- JSON strings holding a lone surrogate ("\\ud800"), and keys holding one or NUL: they cannot be
  encoded as UTF-8 (a choice field's message echoing the input then fails to render) nor sent to
  PostgreSQL;
- a multipart body that is not multipart (garbage, or cut short): Django's parser finds no part
  and answers an empty form, so `review` or `withdraw` went ahead as if sent nothing.
"""

from __future__ import annotations

import re

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# Our deepest real body is an IC application: {"items": [{…}]}, three levels. 32 leaves room for
# any client's wrapping and stays far below Python's recursion limit (1,000).
MAX_JSON_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")
# NUL in a value is left to the fields, whose message names the field (CharField refuses it); in
# a key it reaches no CharField (DictField keys become look-ups: a 500 on PostgreSQL).
_BAD_KEY = re.compile("[\x00\ud800-\udfff]")


def check_json_value(data, *, max_depth: int = MAX_JSON_DEPTH) -> None:
    """ParseError if `data` (parsed JSON) is nested too deep or holds a string we cannot store.

    Iterative, so that checking a deep value cannot itself overflow the stack."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise ParseError(
                    "JSON parse error - a string holds a lone surrogate (\\ud800–\\udfff): "
                    "send text as valid Unicode."
                )
        elif isinstance(value, dict | list):
            if depth > max_depth:
                raise ParseError(f"JSON parse error - nested deeper than {max_depth} levels.")
            items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
            for key, inner in items:
                if key is not None and _BAD_KEY.search(key):
                    raise ParseError(
                        "JSON parse error - a key holds a NUL character or a lone surrogate."
                    )
                stack.append((inner, depth + 1))


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(
                f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels."
            ) from exc
        check_json_value(data)
        return data


class _DelimiterWatch:
    """Reads through to the request while noting whether the closing delimiter went past."""

    def __init__(self, stream, boundary: bytes):
        self.stream = stream
        self.closing = b"--" + boundary + b"--"
        self.tail = b""
        self.closed = False

    def read(self, size=-1):
        chunk = self.stream.read(size)
        if not self.closed and chunk:
            window = self.tail + chunk
            self.closed = self.closing in window
            self.tail = window[-len(self.closing) :]
        return chunk


class MultiPartParser(parsers.MultiPartParser):
    """A multipart body must end with its closing delimiter (`--boundary--`): one that does not is
    garbage or cut short, and is refused rather than read as an empty form."""

    def parse(self, stream, media_type=None, parser_context=None):
        boundary = _boundary(media_type)
        watch = _DelimiterWatch(stream, boundary.encode("ascii", "replace")) if boundary else None
        result = super().parse(watch or stream, media_type, parser_context)
        if watch is not None and not watch.closed:
            raise ParseError(
                "Multipart form parse error - the body does not end with its closing boundary "
                "(malformed or cut short): send it again."
            )
        return result


def _boundary(media_type: str | None) -> str | None:
    match = re.search(r"boundary=\"?([^\";]+)\"?", media_type or "", re.IGNORECASE)
    return match.group(1) if match else None
