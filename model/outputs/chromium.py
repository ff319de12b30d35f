"""Headless Chromium for the briefs: PDF printing (``report --pdf``), screenshots, DOM dumps.

Chromium is optional: :func:`find` returns None when it is not installed, and :func:`print_pdf`
then raises an :class:`~model.errors.InputError` that says how to install it (exit code 2 at
the command line). Every call runs with a fresh temporary profile, no network (a proxy that
points nowhere), and a timeout.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from model.errors import InputError

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL = "sudo apt-get install -y chromium   (Debian/Ubuntu; 'chromium-browser' on older Ubuntu)"
TIMEOUT_S = 60


def find() -> str | None:
    """Path of a Chromium-compatible browser on PATH, or None."""
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def run(args: list[str], timeout_s: float = TIMEOUT_S) -> subprocess.CompletedProcess:
    """Run headless Chromium with ``args`` (offline, throw-away profile); raise if missing."""
    exe = find()
    if exe is None:
        raise InputError(f"Chromium is not installed, so no PDF can be printed; install it "
                         f"with: {INSTALL}")
    with tempfile.TemporaryDirectory(prefix="harz-chromium-") as profile:
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-extensions", "--hide-scrollbars", f"--user-data-dir={profile}",
               "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s,
                              check=False)


def print_pdf(html: Path, pdf: Path) -> Path:
    """Print ``html`` to an A4 ``pdf`` (the page's print stylesheet applies).

    Raises
    ------
    InputError
        If Chromium is missing (with the install command) or wrote no PDF.
    """
    html, pdf = Path(html).resolve(), Path(pdf).resolve()
    tmp = pdf.with_name(f".{pdf.name}.tmp")
    proc = run(["--no-pdf-header-footer", f"--print-to-pdf={tmp}", html.as_uri()])
    if not tmp.is_file() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        raise InputError(f"Chromium wrote no PDF for {html} (exit {proc.returncode}): "
                         f"{proc.stderr.strip()[-300:]}")
    tmp.replace(pdf)
    return pdf


def screenshot(html: Path, png: Path, width: int = 1280, height: int = 900) -> Path:
    """A screenshot of the first ``width`` x ``height`` pixels of ``html``."""
    run([f"--screenshot={png}", f"--window-size={width},{height}", Path(html).resolve().as_uri()])
    return Path(png)


def dump_dom(url: str, extra: list[str] | None = None) -> subprocess.CompletedProcess:
    """The DOM after scripts ran (stdout), with the console log on stderr."""
    return run(["--enable-logging=stderr", "--v=0", *(extra or []), "--dump-dom", url])
