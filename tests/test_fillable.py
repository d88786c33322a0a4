"""The fillable checklist (issue 21, item 2): a field for every item and option, labels for
screen readers, no network; in a real browser, fill → save → ``case add`` → ``score`` gives
exactly what the YAML case with the same answers gives."""

from __future__ import annotations

import copy
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from sigrbm import load_instrument, load_instrument_text
from sigrbm.cli import main
from sigrbm.documents.render import render
from sigrbm.documents.views_form import form_view
from sigrbm.errors import Code
from sigrbm.instrument.model import Instrument, ScaleKind

from .conftest import CORPUS, ROOT

EXAMPLE = ROOT / "instruments" / "examples" / "case-rbmk.yaml"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


class _Page(HTMLParser):
    """Tags with their attributes, labels by ``for``, fieldsets with a legend, all scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.labels: set[str] = set()
        self.open: list[dict[str, Any]] = []
        self.fieldsets: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "label" and "for" in a:
            self.labels.add(a["for"])
        if tag == "fieldset":
            self.open.append({"attrs": a, "legend": False})
        if tag == "legend" and self.open:
            self.open[-1]["legend"] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "fieldset":
            self.fieldsets.append(self.open.pop())


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def _instruments() -> list[tuple[str, Instrument]]:
    found = [
        (p.name, load_instrument(p.stem)) for p in sorted((ROOT / "instruments").glob("*.yaml"))
    ]
    for path in sorted((CORPUS / "instruments" / "valid").glob("*.yaml")):
        found.append((path.name, load_instrument_text(path.read_text(encoding="utf-8"))))
    return found


@pytest.mark.parametrize(("name", "inst"), _instruments(), ids=lambda v: str(v)[:30])
def test_every_item_and_option_has_a_labelled_field(name: str, inst: Instrument) -> None:
    """Issue 21: every answered item is a fieldset with a legend, every option and "vet ej" a
    radio with a label, every count a number field with a label; nothing loads from outside."""
    for lang in inst.languages:
        text = render("handout_form.html.j2", form_view(inst, lang))
        page = _parse(text)
        radios = {
            (a["name"], a["value"])
            for t, a in page.tags
            if t == "input" and a.get("type") == "radio"
        }
        counts = {a["data-count"] for t, a in page.tags if t == "input" and "data-count" in a}
        items = {
            f["attrs"].get("data-item"): f for f in page.fieldsets if "data-item" in f["attrs"]
        }
        for item in inst.items:
            assert items[item.id]["legend"], (name, item.id)
            if item.derive is not None:
                assert items[item.id]["attrs"].get("data-computed") == "1"
                continue
            scale = inst.scale(item.scale)
            for code in (*(o.code for o in scale.options), *(o.code for o in scale.missing)):
                assert (f"item-{item.id}", code) in radios, (name, item.id, code)
            assert (scale.kind is ScaleKind.COUNT) == (item.id in counts), (name, item.id)
        assert all(f["legend"] for f in page.fieldsets), name
        for tag, a in page.tags:  # a screen reader names every field
            if tag in ("input", "select", "textarea"):
                assert a.get("id") in page.labels, (name, tag, a)
            assert tag not in ("link", "img", "iframe"), (name, tag)
            assert "src" not in a, (name, tag)
            assert not a.get("href", "").startswith("http"), (name, tag)
        attributes = {a["data-attribute"] for t, a in page.tags if "data-attribute" in a}
        assert attributes == {a.id for a in inst.attributes}, name
        levels = {
            (a.get("data-judged"), b.get("value"))
            for (t, a), (_, b) in zip(page.tags, page.tags[1:], strict=False)
            if t == "select" and "data-judged" in a
        }
        if inst.judgement is not None:
            assert (inst.judgement.score, "") in levels, name


def test_cli_writes_the_form_and_refuses_another_format(tmp_path: Path) -> None:
    out_file = tmp_path / "form.html"
    code, _, _ = run("handout", "check-irk", "--fillable", "--lang", "en", "--out", str(out_file))
    assert code == 0
    text = out_file.read_text(encoding="utf-8")
    assert text == render("handout_form.html.j2", form_view(load_instrument("check-irk"), "en"))
    assert "default-src 'none'" in text  # the page itself forbids any network access
    code, _, err = run("handout", "check-irk", "--fillable", "--format", "md")
    assert code == 2
    assert "--fillable" in err


def test_a_form_of_other_instrument_content_is_refused(tmp_path: Path) -> None:
    """C750: the saved hash must be the instrument's; the file stays unchanged."""
    case = tmp_path / "c.yaml"
    assert (
        run(
            "case",
            "new",
            str(case),
            "--case-id",
            "c-1",
            "--by",
            "police",
            "--author",
            "a",
            "--birth",
            "2010-05",
            "--date",
            "2026-01-10",
        )[0]
        == 0
    )
    record = {
        "instrument": "check-irk",
        "version": "0.1.0",
        "date": "2026-01-20",
        "assessor": "a",
        "instrument_hash": "sha256:" + "0" * 64,
        "answers": {},
    }
    saved = tmp_path / "irk.json"
    saved.write_text(json.dumps(record), encoding="utf-8")
    before = case.read_bytes()
    code, _, err = run("case", "add", "screening", str(case), "--from", str(saved), "--author", "a")
    assert code == 1
    # issue 22: told at the saved file's own line and column (the case file is unchanged)
    assert err.startswith(f"{saved}:1:107: instrument_hash: ")
    assert err.splitlines()[0].endswith("[C750]")
    assert case.read_bytes() == before
    assert Code.CASE_INSTRUMENT_HASH.value == "C750"


# --- the real browser -----------------------------------------------------------------


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _example_assessments() -> list[dict[str, Any]]:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    out = []
    for a in data["assessments"]:
        kept = copy.deepcopy(a)
        kept.pop("information_sources", None)  # the form does not ask where answers came from
        out.append(kept)
    return out


def _fill(page: Any, a: dict[str, Any], age: int) -> None:
    page.fill("#f-case", "exempel-0001")
    page.fill("#f-date", str(a["date"]))
    page.fill("#f-assessor", a["assessor"])
    if page.locator("#attr-age").count():
        page.fill("#attr-age", str(age))
    for item, answer in a["answers"].items():
        if isinstance(answer, int):
            page.fill(f"#item-{item}-count", str(answer))
        else:
            page.check(f"#item-{item}-{answer}")
    for item, note in a.get("notes", {}).items():
        page.fill(f"#note-{item}", note)
    j = a.get("judgement")
    if j is not None:
        sel = page.locator("select[data-first]")
        sel.select_option(j["level"])
        page.fill(f"#{sel.get_attribute('data-reason')}", j["reason"])


def test_fill_save_add_score_equals_the_yaml_case(tmp_path: Path) -> None:
    """Issue 21: both bundled instruments through a headless Chromium."""
    sync_api = pytest.importorskip("playwright.sync_api")
    browser_path = _chromium()
    if browser_path is None:
        pytest.skip("no chromium on this machine")
    assessments = _example_assessments()
    saved: list[Path] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        try:
            page = browser.new_page(accept_downloads=True)
            for a in assessments:
                form = tmp_path / f"{a['instrument']}.form.html"
                code, _, _ = run("handout", a["instrument"], "--fillable", "--out", str(form))
                assert code == 0
                page.goto(form.as_uri())
                _fill(page, a, age=15)
                if a["instrument"] == "check-rbmk":  # asked from 16: hidden at 15, then shown
                    assert page.locator("#q-rbmk_arb_sysselsattning").is_hidden()
                    page.fill("#attr-age", "")
                    assert page.locator("#q-rbmk_arb_sysselsattning").is_visible()
                    page.fill("#attr-age", "15")
                with page.expect_download() as info:
                    page.click("#f-save")
                target = tmp_path / info.value.suggested_filename
                info.value.save_as(target)
                saved.append(target)
                assert page.locator("#f-status").inner_text() != ""
        finally:
            browser.close()
    assert [p.name for p in saved] == [
        "exempel-0001-check-irk-2026-01-20.json",
        "exempel-0001-check-rbmk-2026-02-03.json",
    ]
    record = json.loads(saved[1].read_text(encoding="utf-8"))
    inst = load_instrument("check-rbmk")
    assert (record["instrument"], record["version"]) == (inst.id, inst.version)
    assert record["instrument_hash"] == inst.content_hash
    assert record["age"] == 15

    case = tmp_path / "case.yaml"
    steps = [
        (
            "new",
            str(case),
            "--case-id",
            "exempel-0001",
            "--by",
            "police",
            "--author",
            "a",
            "--birth",
            "2010-05",
            "--date",
            "2026-01-10",
        ),
        ("add", "screening", str(case), "--from", str(saved[0]), "--author", "a"),
        (
            "add",
            "initial-decision",
            str(case),
            "--decision",
            "proceed",
            "--author",
            "a",
            "--date",
            "2026-01-25",
        ),
        ("add", "assessment", str(case), "--from", str(saved[1]), "--author", "a"),
    ]
    for step in steps:
        code, _, err = run("case", *step)
        assert code == 0, err
    expected = tmp_path / "expected.yaml"
    expected.write_text(
        yaml.safe_dump(
            {
                "format_version": 1,
                "case_id": "exempel-0001",
                "subject": {"birth_year_month": "2010-05"},
                "assessments": assessments,
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    code, got, err = run("score", str(case), "--format", "json")
    assert code == 0, err
    code, want, err = run("score", str(expected), "--format", "json")
    assert code == 0, err
    assert json.loads(got) == json.loads(want)


def test_keyboard_alone_answers_and_saves(tmp_path: Path) -> None:
    """Issue 21: Tab reaches every answer and the save button; Space chooses, Enter saves."""
    sync_api = pytest.importorskip("playwright.sync_api")
    browser_path = _chromium()
    if browser_path is None:
        pytest.skip("no chromium on this machine")
    form = tmp_path / "irk.html"
    assert run("handout", "check-irk", "--fillable", "--out", str(form))[0] == 0
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        try:
            page = browser.new_page(accept_downloads=True)
            page.goto(form.as_uri())
            page.fill("#f-date", "2026-01-20")
            page.fill("#f-assessor", "a")

            def tab_to(target: str) -> None:
                for _ in range(400):
                    page.keyboard.press("Tab")
                    if page.evaluate("document.activeElement.id") == target:
                        return
                pytest.fail(f"Tab never reaches #{target}")

            tab_to("item-irk_kriminalitet-nej")
            page.keyboard.press("ArrowRight")  # within a radio group: the next option
            assert page.is_checked("#item-irk_kriminalitet-ja")
            tab_to("f-save")
            with page.expect_download() as info:
                page.keyboard.press("Enter")
            target = tmp_path / "saved.json"
            info.value.save_as(target)
        finally:
            browser.close()
    record = json.loads(target.read_text(encoding="utf-8"))
    assert record["answers"] == {"irk_kriminalitet": "ja"}
