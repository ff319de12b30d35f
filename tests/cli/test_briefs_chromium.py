"""Both briefs in both languages, rendered by headless Chromium (installed by ``.ci/run``).

For each page: no console messages, no network request made by the page (Chromium's net log,
requests whose isolation key is the file:// page), a first-screen screenshot that is not blank,
and no element wider than an A4 page when the print stylesheet applies (the page's print rules
turned on for screen at the A4 text width, measured by a script in a test copy). Then
``report --pdf`` prints an A4 PDF, and says how to install Chromium when it is missing.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numpy as np
import pytest
from brief_run import comparison, publish
from PIL import Image

from model.outputs import chromium
from model.outputs.comparison_brief import write_comparison_brief
from model.outputs.report import write_brief

pytestmark = pytest.mark.cli
needs_chromium = pytest.mark.skipif(  # in CI (.ci/run sets CI) a missing Chromium fails
    chromium.find() is None and not os.environ.get("CI"),
    reason=f"Chromium is not installed (CI installs it in .ci/run; locally: {chromium.INSTALL})")
A4_TEXT_WIDTH_PX = 703  # 210 mm - 2 x 12 mm page margins, at 96 px per inch
_PAGES: dict[str, Path] = {}

MEASURE = """<script>
window.addEventListener("load", () => {
  const limit = document.documentElement.clientWidth + 1;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.ownerSVGElement) continue;  // drawing inside a figure: the <svg> itself counts
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > limit || el.scrollWidth > el.clientWidth + 1 &&
        getComputedStyle(el).overflowX !== "visible")) {
      wide.push(el.tagName + "#" + (el.id || el.className || "") + ":" + Math.round(r.right));
    }
  }
  document.body.setAttribute("data-wide", JSON.stringify(wide.slice(0, 20)));
});
</script>"""


@pytest.fixture
def pages(tiny_run, tmp_path):
    """The run brief and the comparison brief, English and German, written once."""
    if not _PAGES:
        root = tmp_path / "results"
        comp = comparison(tiny_run, root)
        base = root / "tiny" / tiny_run[1]["run_id"]
        for lang in ("en", "de"):
            _PAGES[f"brief-{lang}"] = write_brief(base, lang)
            _PAGES[f"comparison-{lang}"] = write_comparison_brief(comp, root, lang)
    return dict(_PAGES)


def page_requests(netlog: Path) -> list[str]:
    """URLs the page itself requested (not Chromium's own background traffic)."""
    events = json.loads(netlog.read_text(encoding="utf-8"))["events"]
    return sorted({e["params"]["url"] for e in events
                   if "url" in e.get("params", {})
                   and "file://" in str(e["params"].get("network_isolation_key", ""))
                   and not e["params"]["url"].startswith(("file:", "data:"))})


NAMES = ["brief-en", "brief-de", "comparison-en", "comparison-de"]


@needs_chromium
@pytest.mark.parametrize("name", NAMES)
def test_page_renders_offline_without_console_messages(pages, name, tmp_path):
    html = pages[name]
    text = html.read_text(encoding="utf-8")
    assert "<script" not in text and "<link" not in text and "@import" not in text
    refs = re.findall(r'(?:src|href)="([^"]+)"', text)
    assert all(r.startswith(("#", "http")) for r in refs), refs
    netlog = tmp_path / "net.json"
    proc = chromium.dump_dom(html.resolve().as_uri(), [f"--log-net-log={netlog}"])
    assert "</html>" in proc.stdout
    assert [line for line in proc.stderr.splitlines() if ":CONSOLE" in line] == []
    assert page_requests(netlog) == []


@needs_chromium
def test_the_network_check_sees_a_request(tmp_path):
    page = tmp_path / "leak.html"
    # a loopback address with nothing listening: the request is attempted and refused, and
    # no traffic leaves the machine
    page.write_text('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png">'
                    "<script>console.error('boom')</script></body></html>")
    netlog = tmp_path / "net.json"
    proc = chromium.dump_dom(page.as_uri(), [f"--log-net-log={netlog}"])
    assert page_requests(netlog) == ["http://127.0.0.1:9/x.png"]
    assert any(":CONSOLE" in line and "boom" in line for line in proc.stderr.splitlines())


@needs_chromium
@pytest.mark.parametrize("name", NAMES)
def test_first_screen_is_not_blank(pages, name, tmp_path):
    png = chromium.screenshot(pages[name], tmp_path / "first.png")
    pixels = np.asarray(Image.open(png).convert("L"), dtype=float)
    assert pixels.shape == (900, 1280)
    dark = (pixels < 128).mean()
    assert 0.005 < dark < 0.5, dark  # text and tables, neither empty nor a solid block
    assert pixels[:300].std() > 20  # the title and summary are on the first screen


@needs_chromium
@pytest.mark.parametrize("name", NAMES)
def test_nothing_is_wider_than_an_a4_page_in_print(pages, name, tmp_path):
    html = pages[name].read_text(encoding="utf-8")
    probe = tmp_path / "print.html"
    printed = html.replace("@media print", "@media all").replace("</body>", MEASURE + "</body>")
    probe.write_text(printed, encoding="utf-8")
    proc = chromium.dump_dom(probe.as_uri(), [f"--window-size={A4_TEXT_WIDTH_PX},1000"])
    found = re.search(r'data-wide="([^"]*)"', proc.stdout)
    assert found, proc.stderr[-500:]
    assert json.loads(found.group(1).replace("&quot;", '"')) == []


@needs_chromium
def test_report_pdf_is_a4(pages, cli):
    run_dir = pages["brief-en"].parent
    result = cli("report", run_dir, "--lang", "de", "--pdf")
    assert result.exit_code == 0, result.text
    pdf = run_dir / "brief.de.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = {tuple(round(float(v)) for v in m) for m in re.findall(
        rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)}
    assert boxes == {(596, 843)} or boxes == {(595, 842)}, boxes  # A4 in points


def test_report_pdf_without_chromium_says_how_to_install(tiny_run, tmp_path, cli,
                                                          monkeypatch):
    ds, manifest = tiny_run
    run_dir = publish(tmp_path, "tiny", ds, manifest)
    monkeypatch.setattr(chromium, "find", lambda: None)
    before = {p.name for p in run_dir.iterdir()}
    result = cli("report", run_dir, "--pdf")
    assert result.exit_code == 2
    assert "apt-get install -y chromium" in result.text
    assert {p.name for p in run_dir.iterdir()} == before  # nothing written
