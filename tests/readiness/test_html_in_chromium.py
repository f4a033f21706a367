"""The HTML report in a real headless Chromium (Debian's package): no console errors, the
sections rendered, and a screenshot that shows the report. Runs scripts/checklist_screenshot.sh,
the documented way to take the screenshot; skipped where /usr/bin/chromium is absent."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from policycheck.checklist import builtin_checklist

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
WIDTH, HEIGHT = 1280, 2000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


def png_rows(data: bytes, rows: int) -> tuple[int, int, list[bytes]]:
    """Width, height and the first ``rows`` unfiltered scanlines of an 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos = [], 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunks.append((kind, data[pos + 8:pos + 8 + length]))
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
    assert chunks[0][0] == b"IHDR" and depth == 8 and colour in (2, 6)
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    bpp, stride = (3 if colour == 2 else 4), width * (3 if colour == 2 else 4)
    previous, out = bytes(stride), []
    for y in range(rows):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = previous[x], previous[x - bpp] if x >= bpp else 0
            p = a + b - c
            predictor = (0, a, b, (a + b) // 2,
                         min((a, b, c), key=lambda v: (abs(p - v), (a, b, c).index(v))))[kind]
            line[x] = (line[x] + predictor) & 0xFF
        previous = bytes(line)
        out.append(previous)
    return width, height, out


def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    out = tmp_path / "shot"
    run = subprocess.run(
        ["bash", str(ROOT / "scripts" / "checklist_screenshot.sh"), "examples/", str(out)],
        cwd=ROOT, env={**os.environ, "PYTHON": sys.executable}, capture_output=True, text=True,
        timeout=120, check=False)
    log = (out / "chromium.log").read_text(errors="replace")
    assert ":CONSOLE" not in log, log
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(out / "checklist.png")
    dom = (out / "checklist.dom.html").read_text()
    assert 'data-status="NO-GO"' in dom
    for section in builtin_checklist().sections:
        assert f'id="section-{section.id}"' in dom
    assert dom.count('class="item"') == len(list(builtin_checklist().items()))
    png = (out / "checklist.png").read_bytes()
    assert len(png) > 100_000  # a blank page of this size compresses to a few kilobytes
    width, height, rows = png_rows(png, 40)
    assert (width, height) == (WIDTH, HEIGHT)
    bpp = len(rows[0]) // width
    red = tuple(rows[30][40 * bpp:40 * bpp + 3])  # the NO-GO banner behind the title
    assert red[0] > 150 and red[1] < 80 and red[2] < 80, red
