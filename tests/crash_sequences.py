"""The request sequences that crashed the server process (issue: segfault in garbage
collection), repeated in a process of their own: `python tests/crash_sequences.py URL ROUNDS`.

Prints OK and exits 0 when every request answered; a crash kills the process (exit -11), which
the calling test reports. Run apart from pytest so that a crash cannot take the suite down."""

from __future__ import annotations

import faulthandler
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from accounts import client_as  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from verify import create_app, db  # noqa: E402
from verify.models import Membership  # noqa: E402


def main(url: str, rounds: int) -> None:
    faulthandler.enable()
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "test"})
    with app.app_context():
        query = (
            select(Membership.group_id)
            .group_by(Membership.group_id)
            .order_by(func.count().desc(), Membership.group_id)
            .limit(3)
        )
        largest = list(db.get_session().scalars(query))
    client = client_as(app, "Stress", "editor")
    for number in range(rounds):
        paths = ["/", "/api/groups?limit=50", "/api/statements?limit=50"]
        paths += [f"/groups/{group}" for group in largest]
        paths += [f"/api/groups/{group}" for group in largest]
        for path in paths:
            status = client.get(path).status_code
            assert status == 200, f"{path}: {status}"
        flag = ("disputed", "unresolved")[number % 2]
        response = client.post(f"/api/groups/{largest[0]}/flag", json={"flag": flag})
        assert response.status_code == 200, response.get_data(as_text=True)
    print("OK", rounds)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
