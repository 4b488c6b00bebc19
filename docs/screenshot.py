"""Make docs/side-by-side.png: the demo desk's most disputed group, as headless Chromium shows it.

    .venv/bin/python docs/screenshot.py [OUTPUT.png]

Needs Debian's chromium at /usr/bin/chromium and Playwright for Python (requirements-dev.txt).
The demo is loaded into a throw-away SQLite file; nothing else is touched.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verify import create_app, db, services  # noqa: E402
from verify.inputs.demo import demo_batch  # noqa: E402
from verify.models import ClaimGroup  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WIDTH, HEIGHT = 1280, 900


def demo_desk(folder: Path) -> tuple[object, int]:
    """An app on a fresh SQLite desk holding the demo, and the id of its most conflicted group."""
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite'}", "TESTING": True})
    with app.app_context():
        db.upgrade(app.config["DATABASE_URL"])
        session = db.get_session()
        services.import_batch(session, db.get_embedder(), demo_batch(), editor="demo")
        session.commit()
        query = select(ClaimGroup.id).order_by(ClaimGroup.conflict.desc().nulls_last()).limit(1)
        group_id = session.scalars(query).one()
    return app, group_id


def main(output: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app, group_id = demo_desk(Path(folder))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
                page.goto(f"http://127.0.0.1:{server.server_port}/groups/{group_id}")
                page.screenshot(path=str(output))
                browser.close()
        finally:
            server.shutdown()
            thread.join(timeout=10)
    print(f"wrote {output} (group {group_id})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "side-by-side.png")
