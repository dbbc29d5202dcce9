"""Telegram's HTML parse mode, strictly: what the real server rejects, this rejects too."""

from __future__ import annotations

import html
import re

ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre",
     "blockquote", "tg-emoji"}
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")


class EntityError(ValueError):
    """Raised with Telegram's wording when a text cannot be parsed."""


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def parse_html(text: str) -> str:
    """Return the plain text of an HTML-formatted message, or raise EntityError like Telegram."""
    plain: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "<":
            match = _TAG.match(text, i)
            if not match:
                raise EntityError(f"Unexpected start tag at byte offset {_offset(text, i)}")
            closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
            if closing:
                if not stack:
                    raise EntityError(f'Unexpected end tag at byte offset {_offset(text, i)}')
                if stack[-1] != name:
                    raise EntityError(
                        f'Unmatched end tag at byte offset {_offset(text, i)}, expected "</{stack[-1]}>", '
                        f'found "</{name}>"'
                    )
                stack.pop()
            else:
                if name not in ALLOWED_TAGS:
                    raise EntityError(f'Unsupported start tag "{name}" at byte offset {_offset(text, i)}')
                if name == "a" and "href" not in attrs:
                    raise EntityError(f"Can't find href in a tag at byte offset {_offset(text, i)}")
                stack.append(name)
            i = match.end()
        elif ch == "&":
            match = _ENTITY.match(text, i)
            if not match:
                raise EntityError(f"Unsupported HTML entity at byte offset {_offset(text, i)}")
            plain.append(html.unescape(match.group(0)))
            i = match.end()
        elif ch == ">":
            raise EntityError(f"Unexpected character '>' at byte offset {_offset(text, i)}")
        else:
            plain.append(ch)
            i += 1
    if stack:
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(plain)
