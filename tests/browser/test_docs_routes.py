"""`/docs` routes without a browser: specs per host, the admin API's too, offline assets."""

from __future__ import annotations

import re

import yaml

from mockserver import Config, create_app


def test_specs_point_at_the_host_that_asked_and_unknown_names_are_404() -> None:
    client = create_app(Config(), apis=["circuithub"]).test_client()
    for host in ("127.0.0.1:8080", "mock.test:9000"):
        answer = client.get("/docs/circuithub/openapi.yaml", headers={"Host": host})
        assert answer.status_code == 200
        assert yaml.safe_load(answer.data)["servers"] == [
            {"url": f"http://{host}/v1", "description": "This mock server"}
        ]
    admin = yaml.safe_load(client.get("/docs/_mock/openapi.yaml").data)
    assert admin["servers"][0]["url"] == "http://localhost/_mock"
    missing = client.get("/docs/nope/openapi.yaml")
    assert missing.status_code == 404
    assert missing.get_json() == {
        "error": "No API named 'nope' is documented here (documented: _mock, circuithub)",
        "code": "NOT_FOUND",
    }


def test_the_page_lists_every_api_and_loads_swagger_ui_from_the_mock() -> None:
    client = create_app(Config(), apis=["circuithub"]).test_client()
    page = client.get("/docs").get_data(as_text=True)
    assert '"url": "/docs/circuithub/openapi.yaml"' in page
    assert '"url": "/docs/_mock/openapi.yaml"' in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(url.startswith("/docs/_assets/") for url in assets), assets
    bundle = client.get("/docs/_assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and b"SwaggerUIBundle" in bundle.data
    assert client.get("/_mock/ui").status_code == 200
    assert client.get("/_mock/ui/dashboard.js").status_code == 200
    assert client.get("/_mock/ui/index.html").status_code == 404
