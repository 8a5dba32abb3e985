"""A generated dataset is served as it is: its users' keys work, its lists come back in order."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from mockserver import Config, create_app
from mockserver.apis.dataquality.fixtures import generate
from mockserver.apis.dataquality.fixtures.pools import make_faker
from mockserver.apis.dataquality.fixtures.vocabulary import ENTITIES
from mockserver.apis.dataquality.rules.transitions import TRANSITIONS
from mockserver.fixtures.writer import dumps_json

DOCS_NOW = "2026-01-15T14:00:00Z"
DATA = generate(8, "small")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    path = tmp_path_factory.mktemp("dq") / "small.json"
    path.write_text(dumps_json(DATA), encoding="utf-8")
    config = Config(
        strict=True, clock=DOCS_NOW, secret="test-secret", datasets={"dataquality": path}
    )
    return create_app(config, apis=["dataquality"]).test_client()


def get(client: FlaskClient, path: str, key: str, status: int = 200) -> Any:
    response = client.get("/dq" + path, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def public(record: dict[str, Any], *internal: str) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in internal}


def test_each_user_lists_the_issues_of_their_spaces_newest_first(client: FlaskClient) -> None:
    for user in DATA["users"]:
        mine = [i for i in DATA["issues"] if i["spaceId"] in user["spaceIds"]]
        newest = sorted(reversed(mine), key=lambda i: i["created_at"], reverse=True)
        answer = get(client, "/issues?size=100", user["apiKeys"][0])
        assert answer["total"] == len(mine)
        assert answer["items"] == [public(i, "spaceId") for i in newest[:100]]


def test_comments_and_history_come_back_as_generated(client: FlaskClient) -> None:
    issue = max(
        DATA["issues"], key=lambda i: sum(c["issueId"] == i["id"] for c in DATA["comments"])
    )
    key = next(u["apiKeys"][0] for u in DATA["users"] if issue["spaceId"] in u["spaceIds"])
    comments = [public(c, "issueId") for c in DATA["comments"] if c["issueId"] == issue["id"]]
    history = [public(h, "issueId") for h in DATA["history"] if h["issueId"] == issue["id"]]
    assert comments, "the busiest issue has comments"
    assert get(client, f"/issues/{issue['id']}/comments", key) == {"items": comments}
    assert get(client, f"/issues/{issue['id']}/history", key) == {"items": history}


def test_the_rules_take_over_from_the_generated_state(client: FlaskClient) -> None:
    """A generated issue moves on through the documented transitions; others' are 403."""
    issue = DATA["issues"][-1]
    member = next(u for u in DATA["users"] if issue["spaceId"] in u["spaceIds"])
    auth = {"Authorization": f"Bearer {member['apiKeys'][0]}"}
    wanted = TRANSITIONS[issue["status"]][0]
    answer = client.patch(f"/dq/issues/{issue['id']}", json={"status": wanted}, headers=auth)
    assert answer.status_code == 200 and answer.get_json()["status"] == wanted
    trail = get(client, f"/issues/{issue['id']}/history", member["apiKeys"][0])["items"]
    assert trail[-1]["old_value"] == issue["status"] and trail[-1]["new_value"] == wanted
    outsider = next(u for u in DATA["users"] if issue["spaceId"] not in u["spaceIds"])
    get(client, f"/issues/{issue['id']}", outsider["apiKeys"][0], status=403)


def test_the_faker_provider_speaks_data_quality() -> None:
    """The provider is usable on its own, and a seeded Faker repeats itself."""
    one, two = make_faker(3), make_faker(3)
    names = [one.data_product_name() for _ in range(20)]
    assert names == [two.data_product_name() for _ in range(20)]
    assert all(name.startswith(tuple(ENTITIES)) for name in names)
    alert = one.quality_alert_name()
    product, _, check = alert.partition(": ")
    assert product.startswith(tuple(ENTITIES)) and check
    assert one.issue_title() and one.issue_comment() and " " in one.space_name()
