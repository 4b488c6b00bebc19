"""A fresh process starts without the models' libraries: the app factory and the pages that need
no model leave torch, spaCy and sentence-transformers unimported (they cost seconds at start;
they load with the first model that needs them)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL_LIBRARIES = ("torch", "spacy", "sentence_transformers")

# Run in a fresh interpreter: the test process has long imported all of them.
SERVE_TWO_PAGES = """
import json, sys
from verify import create_app

config = {"DATABASE_URL": sys.argv[1], "SECRET_KEY": "start", "TESTING": True}
app = create_app({**config, "READ_WITHOUT_LOGIN": True})  # pages read without an account
client = app.test_client()
statuses = [client.get(path).status_code for path in ("/", "/api/groups?limit=1")]
print(json.dumps({"statuses": statuses, "loaded": [m for m in sys.argv[2:] if m in sys.modules]}))
"""


@pytest.mark.slow
def test_serving_pages_imports_no_model_library(tmp_path: Path, demo_template: Path) -> None:
    path = tmp_path / "desk.sqlite"
    shutil.copy(demo_template, path)
    done = subprocess.run(
        [sys.executable, "-c", SERVE_TWO_PAGES, f"sqlite:///{path}", *MODEL_LIBRARIES],
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer == {"statuses": [200, 200], "loaded": []}
