"""Rendering with jinja2: one Environment, prepared view models, escaped HTML, strict variables.

``render(template, view)`` is a pure function returning text. Templates live in
``sigrbm/templates``; they receive the dicts built by :mod:`sigrbm.views` and hold no scoring
logic. HTML is autoescaped (a ``<script>`` in an item text or a note is shown, never run); an
undefined variable is an error, never a blank.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import jinja2
import markupsafe

from sigrbm.documents import escape
from sigrbm.documents.views import RenderError
from sigrbm.documents.words import MESSAGES

FORMATS = ("html", "md")


def css_string(value: object) -> markupsafe.Markup:
    """Text safe inside a CSS string literal ``"…"`` in a ``<style>`` element.

    A ``<style>`` element is raw text (no HTML entities), so HTML escaping would show
    ``&amp;``; instead quotes and backslashes are CSS-escaped and ``<`` becomes ``\\3C``,
    so that no ``</style>`` can close the element early.
    """
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\n", "\\A ").replace("<", "\\3C ").replace(">", "\\3E ")
    return markupsafe.Markup(text)


@cache
def environment() -> jinja2.Environment:
    """The one Environment (package loader, StrictUndefined, autoescape for HTML)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sigrbm.documents", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    env.globals["chrome"] = {  # issue 15: words of the page chrome in every template
        lang: {k: MESSAGES[k][lang] for k in ("page", "page_of", "provenance_see")}
        for lang in ("sv", "en")
    }
    return env


def render(template: str, view: dict[str, Any]) -> str:
    """Render ``template`` (e.g. ``handout.html.j2``) with a view model."""
    try:
        # issue 14: text from data never becomes Markdown; issue 22: no control character
        # from data in HTML either (an HTML report on a terminal runs no escape sequence)
        how = escape.markdown if template.endswith(".md.j2") else escape.html_text
        view = _escaped(view, how)
        text = environment().get_template(template).render(**view)
        return _tidy_markdown(text) if template.endswith(".md.j2") else text
    except jinja2.UndefinedError as exc:
        raise RenderError(f"{template}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"no template {exc.name}") from None


def _escaped(value: Any, how: Callable[[str], str] = escape.markdown) -> Any:
    """The view model with every text escaped for Markdown (:func:`escape.markdown`), or
    made safe by ``how``; text already marked safe (``Markup``) is left as it is."""
    if isinstance(value, markupsafe.Markup):
        return value
    if isinstance(value, str):
        return how(value)
    if isinstance(value, dict):
        return {k: _escaped(v, how) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_escaped(v, how) for v in value]
    return value


def _tidy_markdown(text: str) -> str:
    """One blank line before headings and between blocks; no runs of blank lines."""
    import re

    text = re.sub(r"\n(#{1,6} )", r"\n\n\1", text)
    text = re.sub(r"^(#{1,6} .*)\n(?!\n)", r"\1\n\n", text, flags=re.MULTILINE)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def to_pdf(html: str) -> bytes:
    """PDF bytes through the optional ``pdf`` extra (weasyprint)."""
    try:
        import weasyprint  # the pdf extra; typed as Any (pyproject: tool.mypy overrides)
    except ImportError:
        raise RenderError(
            "PDF output needs the optional extra: pip install 'sigrbm[pdf]' "
            "(or print the HTML from a browser)"
        ) from None
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf
