"""Screenshots for the README: a social worker's My work and a child's record, on demo data.

    .venv/bin/python tools/screenshots.py [--population 60000] [--out docs/screenshots]

Builds the demo into a scratch SQLite database as `make demo` does (`opencsc synth`, then the
demo users), serves it with `opencsc manage runserver` on a free loopback port, signs in as
sam.social-worker in Debian's Chromium (/usr/bin/chromium, `make browser-deps`; Playwright never
downloads a browser) and saves my-work.png and child-record.png. Needs `make static`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "screenshots only, never a real password"  # noqa: S105
WIDTH = 1100
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARGS += ["--disable-component-update", "--disable-sync", "--no-first-run"]


def _demo(population: int) -> int:
    """Load the demo authority and its users; return the child to show (pk)."""
    import django
    from django.db.models import Count

    django.setup()
    from opencsc.access.demo import demo_users_create
    from opencsc.cli import main as opencsc

    if opencsc(["synth", "--population", str(population), "--years", "5", "--seed", "1"]):
        sys.exit("opencsc synth failed")
    demo_users_create(password_factory=lambda: PASSWORD)

    from opencsc.access.models import User
    from opencsc.worklist.selectors import caseload

    sam = User.objects.get(username="sam.social-worker")
    # The child with the most recorded history shows what the chronology is for.
    child = (
        caseload(sam)
        .annotate(
            n=Count("contacts", distinct=True)
            + Count("referrals", distinct=True)
            + Count("conferences", distinct=True)
            + Count("visits", distinct=True)
        )
        .order_by("-n", "pk")
        .first()
    )
    if child is None:
        sys.exit("the demo social worker has no caseload")
    return child.pk


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(120):
        if server.poll() is not None:
            sys.exit("the server stopped")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (loopback)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"the server did not answer at {url}")


def _shoot(base: str, child: int, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("Chromium is not installed: run `make browser-deps`")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": 1100})
        page.goto(f"{base}/sign-in/")
        page.fill("#id_username", "sam.social-worker")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")
        # My work whole (what is due, then every child of the caseload); the child page down to
        # the start of its chronology (header, first tab, statutory dates).
        shots = (("/", "my-work", None), (f"/children/{child}/", "child-record", 1800))
        for path, name, height in shots:
            page.set_viewport_size({"width": WIDTH, "height": height or 1100})
            page.goto(f"{base}{path}")
            page.wait_for_load_state("load")
            page.evaluate("document.fonts.ready.then(() => true)")
            page.screenshot(path=str(out / f"{name}.png"), full_page=height is None)
            print(f"saved {out / name}.png")
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description="Screenshots of My work and a child's record")
    parser.add_argument("--population", type=int, default=60000)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="opencsc-screenshots-") as scratch:
        env = os.environ | {
            "OPENCSC_HOME": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "opencsc.config.settings",
            "OPENCSC_DATABASE_URL": f"sqlite:///{Path(scratch) / 'demo.sqlite3'}",
        }
        os.environ.update(env)
        child = _demo(args.population)
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [
                sys.executable,
                "-m",
                "opencsc.cli",
                "manage",
                "runserver",
                "--noreload",
                f"127.0.0.1:{port}",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(f"{base}/sign-in/", server)
            _shoot(base, child, args.out)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
