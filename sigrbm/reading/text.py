"""Text in several languages: the one value type the generic reader knows by name."""

from __future__ import annotations

from collections.abc import Mapping

import attrs


@attrs.frozen
class Text:
    """A text in several languages, as sorted ``(language, text)`` pairs."""

    items: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, mapping: Mapping[str, str] | None = None, /, **langs: str) -> Text:
        """Build from a mapping or keywords: ``Text.of(sv="Ja", en="Yes")``."""
        merged = dict(mapping or {}) | langs
        return cls(tuple(sorted(merged.items())))

    def get(self, lang: str) -> str | None:
        """The text in ``lang``, or None."""
        for k, v in self.items:
            if k == lang:
                return v
        return None

    def __getitem__(self, lang: str) -> str:
        value = self.get(lang)
        if value is None:
            raise KeyError(lang)
        return value

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages present."""
        return tuple(k for k, _ in self.items)
