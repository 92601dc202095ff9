"""The headless Chromium the tests drive (the browser test, documents printed to PDF).

Started as root in a closed network: without the background-networking flags it keeps trying
(and failing) to reach Google's hosts at every start.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
