#!/usr/bin/env bash
# Screenshot of the Go/No-Go HTML report in headless Chromium (no network, no GPU, no sandbox).
#
#   scripts/checklist_screenshot.sh [PATH] [OUT_DIR] [CHECKLIST OPTIONS...]
#
# Renders `policycheck checklist PATH --format html` (PATH defaults to examples/) into
# OUT_DIR/checklist.html (OUT_DIR defaults to ./checklist-report), then, with Debian's chromium
# (`apt-get install chromium`), writes the screenshot OUT_DIR/checklist.png (1280x2000), the
# rendered DOM OUT_DIR/checklist.dom.html and Chromium's log OUT_DIR/chromium.log.
# Exit codes: 0 rendered cleanly; 1 the page logged to the console (a script error, a blocked
# request); 2 the report could not be written or chromium is missing.
# Environment: PYTHON (default python3) runs policycheck, with ./src on PYTHONPATH so a source
# checkout works without installing; CHROMIUM (default /usr/bin/chromium).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-examples/}
out=${2:-checklist-report}
chromium=${CHROMIUM:-/usr/bin/chromium}
python=${PYTHON:-python3}
if [ ! -x "$chromium" ]; then
    echo "no chromium at $chromium: apt-get install chromium, or set CHROMIUM" >&2
    exit 2
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
status=0
PYTHONPATH="$root/src${PYTHONPATH:+:$PYTHONPATH}" "$python" -m policycheck checklist "$target" \
    --format html --output "$out/checklist.html" "${@:3}" || status=$?
if [ "$status" -gt 1 ]; then  # 0 GO and 1 NO-GO both wrote a report
    echo "policycheck checklist exited $status" >&2
    exit 2
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
       --disable-component-update --disable-sync --no-first-run "--user-data-dir=$profile"
       --enable-logging=stderr --v=0)
"$chromium" "${flags[@]}" "--screenshot=$out/checklist.png" --window-size=1280,2000 \
    "file://$out/checklist.html" 2>"$out/chromium.log"
"$chromium" "${flags[@]}" --dump-dom "file://$out/checklist.html" \
    >"$out/checklist.dom.html" 2>>"$out/chromium.log"
if grep -F ":CONSOLE" "$out/chromium.log" >&2; then
    echo "the report logged to the browser console (see $out/chromium.log)" >&2
    exit 1
fi
echo "$out/checklist.png"
