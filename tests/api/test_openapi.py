"""The OpenAPI schema lists every status each operation can return, each error with the {"detail", "code"} schema,
so that a generated client can trust it (issue 14, item 12)."""

import pytest

pytestmark = pytest.mark.django_db

METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture
def schema(client):
    answer = client.get("/api/openapi.json")
    assert answer.status_code == 200
    return answer.json()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def _schema_name(response: dict) -> str | None:
    ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
    return ref.rsplit("/", 1)[-1] or None


def test_every_operation_lists_the_statuses_it_can_return(schema):
    operations = list(_operations(schema))
    assert len(operations) > 20
    for path, method, operation in operations:
        statuses = set(operation["responses"])
        where = f"{method.upper()} {path}"
        assert "500" in statuses, where
        assert any(status.startswith(("2", "3")) for status in statuses), where
        if operation.get("security"):
            assert "401" in statuses, where
        if operation.get("parameters") or operation.get("requestBody"):
            assert "400" in statuses, where
        if "{" in path:
            assert "404" in statuses, where


def test_every_error_status_has_the_error_schema(schema):
    components = schema["components"]["schemas"]
    for name in ("ErrorOut", "ServerErrorOut"):
        assert {"detail", "code"} <= set(components[name]["required"]), name
    assert "trace_id" in components["ServerErrorOut"]["required"]
    for path, method, operation in _operations(schema):
        for status, response in operation["responses"].items():
            if int(status) < 400:
                continue
            name = _schema_name(response)
            assert name is not None, f"{method.upper()} {path} {status}: no JSON schema"
            properties = components[name].get("properties", {})
            assert {"detail", "code"} <= set(properties), f"{method.upper()} {path} {status}: {name}"


def test_only_the_token_exchange_is_open(schema):
    open_operations = [(method, path) for path, method, operation in _operations(schema)
                       if not operation.get("security")]
    assert ("post", "/api/auth/token") in open_operations
    assert all(path == "/api/auth/token" for _, path in open_operations), open_operations


def test_specific_statuses_are_documented(schema):
    paths = schema["paths"]
    upload = paths["/api/audio/upload"]["post"]["responses"]
    assert {"202", "400", "401", "404", "413", "415", "429", "500", "507"} <= set(upload)
    audio = paths["/api/audio/{record_id}/file"]["get"]["responses"]["200"]["content"]
    assert audio["audio/*"]["schema"] == {"type": "string", "format": "binary"}
    assert "409" in paths["/api/audio/{record_id}/retry"]["post"]["responses"]
    delete = paths["/api/clients/{client_id}"]["delete"]
    assert _schema_name(delete["responses"]["409"]) == "ConfirmRequiredOut"
    assert any(p["name"] == "confirm" for p in delete["parameters"])
    revoke = paths["/api/auth/tokens/{token_id}"]["delete"]
    assert revoke["parameters"][0]["schema"]["type"] == "integer"
