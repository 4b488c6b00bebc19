"""Fixtures: the real model and the compiled templates once per session, a SQLite file per test
copied from a template (migrated, or with the demo dispatches loaded), app/client/runner.

Every template holds the editor account "Ana" with an API token, and every test client
(`client`, `demo_client`, any `app.test_client()`) is logged in as Ana and sends that token;
tests/accounts.py makes anonymous clients and clients of other roles."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from accounts import TEST_ACCOUNT, TestLogin, signed_in_client  # noqa: E402
from postgres_schema import postgres_schema  # noqa: E402

from verify import create_app, db  # noqa: E402
from verify.embedding import SentenceTransformerEmbedder  # noqa: E402
from verify.inputs.demo import demo_batch  # noqa: E402
from verify.services import accounts, import_batch  # noqa: E402
from verify.services.judging import judge_due  # noqa: E402

TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test",
    "CSRF_ENABLED": False,  # tests/test_csrf.py and the browser test turn it on
    "JOBS": "inline",  # jobs run at once, in the request; tests/test_jobs.py tries the others
}


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the whole run, so each test's app does not compile
    them again (a template whose source changed is compiled anew)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(scope="session")
def compiled_templates() -> CompiledTemplates:
    return CompiledTemplates()


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    """The real all-MiniLM-L6-v2, loaded once for the whole run."""
    return SentenceTransformerEmbedder(threads=1)


@pytest.fixture(scope="session")
def migrated_and_login(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, TestLogin]:
    """A SQLite file at the newest revision holding the account the test clients act as."""
    path = tmp_path_factory.mktemp("template") / "verify.sqlite"
    db.upgrade(f"sqlite:///{path}")
    engine = create_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        account = accounts.create_account(session, TEST_ACCOUNT, "editor", "a test password")
        _token, text = accounts.create_token(session, account, "tests")
        login = TestLogin(account.id, text)
        session.commit()
    engine.dispose()
    return path, login


@pytest.fixture(scope="session")
def migrated_template(migrated_and_login: tuple[Path, TestLogin]) -> Path:
    """A SQLite file at the newest revision; each test gets a copy (faster than migrating)."""
    return migrated_and_login[0]


@pytest.fixture(scope="session")
def test_login(migrated_and_login: tuple[Path, TestLogin]) -> TestLogin:
    """The id of the editor account "Ana" in every template, and its API token."""
    return migrated_and_login[1]


@pytest.fixture(scope="session", autouse=True)
def signed_in_clients(test_login: TestLogin) -> Iterator[None]:
    """Every app's test_client() starts logged in as Ana, with Ana's token: any app on a copy
    of a template (the `app` fixture's, or one a test makes with create_app) knows them."""
    default = Flask.test_client_class
    Flask.test_client_class = signed_in_client(test_login)
    yield
    Flask.test_client_class = default


@pytest.fixture(scope="session")
def demo_template(
    tmp_path_factory: pytest.TempPathFactory,
    migrated_template: Path,
    embedder: SentenceTransformerEmbedder,
) -> Path:
    """The migrated file with the demo dispatches loaded once, as `flask --app verify demo` loads
    them, by the real model; each test that uses `demo_app` gets a copy."""
    path = tmp_path_factory.mktemp("demo") / "verify.sqlite"
    shutil.copy(migrated_template, path)
    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{path}"}, embedder=embedder)
    with app.app_context():
        session = db.get_session()
        import_batch(session, embedder, demo_batch(), editor="demo")
        session.commit()
    # Closing the last connection checkpoints SQLite's write-ahead log into the file we copy.
    app.extensions["verify.engine"].dispose()
    assert not path.with_name(f"{path.name}-wal").exists()
    return path


@pytest.fixture
def database_template(request: pytest.FixtureRequest, migrated_template: Path) -> Path:
    """What the test's database starts as: the demo desk where the test uses `demo_app`, else an
    empty migrated file. A module overrides this fixture to start every test from the demo."""
    if "demo_app" in request.fixturenames:
        template: Path = request.getfixturevalue("demo_template")
        return template
    return migrated_template


@pytest.fixture
def database_url(tmp_path: Path, database_template: Path) -> str:
    path = tmp_path / "verify.sqlite"
    shutil.copy(database_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(
    database_url: str,
    embedder: SentenceTransformerEmbedder,
    compiled_templates: CompiledTemplates,
) -> Flask:
    app = create_app({**TEST_CONFIG, "DATABASE_URL": database_url}, embedder=embedder)
    app.jinja_env.bytecode_cache = compiled_templates
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def db_session(app: Flask) -> Iterator[Session]:
    """A session on the test's database, inside an app context."""
    with app.app_context():
        yield db.get_session()


@pytest.fixture
def judge_sides(app: Flask) -> Callable[[Session], None]:
    """Commit `session`, judge the groups whose sides are due as the background job does, and
    let `session` read the result (services leave sides to that job)."""

    def judge(session: Session) -> None:
        session.commit()
        judge_due(app.extensions["verify.writing_sessionmaker"])
        session.expire_all()

    return judge


@pytest.fixture
def demo_app(app: Flask) -> Flask:
    """The app with the demo dispatches loaded: its database is a copy of `demo_template`."""
    return app


@pytest.fixture
def demo_client(demo_app: Flask) -> FlaskClient:
    return demo_app.test_client()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A URL of an empty SQLite file of the test's own (for migration tests)."""
    return f"sqlite:///{tmp_path / 'empty.sqlite'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL of an empty, throw-away schema on the PostgreSQL server."""
    with postgres_schema() as url:
        yield url
