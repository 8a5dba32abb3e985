"""The faults the contract suites must catch, one at a time, and which suite catches each."""

from __future__ import annotations

from tests.contract.contract_faults import ALICE, MALLORY, Environ, Exchange, Fault, Resend

SCHEMA = ("suite_schema.py",)
PROJECT = r"/v1/projects/\d+"
ERROR_500 = {"error": "Internal server error", "code": "INTERNAL_ERROR"}


def drop_project_name(ex: Exchange, _: Resend) -> None:
    if ex.is_("GET", PROJECT):
        ex.set_json({k: v for k, v in ex.json().items() if k != "name"})


def quantity_as_text(ex: Exchange, _: Resend) -> None:
    if ex.is_("GET", r"/v1/orders/\d+"):
        ex.set_json({**ex.json(), "quantity": str(ex.json()["quantity"])})


def undocumented_status(ex: Exchange, _: Resend) -> None:
    if ex.is_("GET", "/v1/orders"):
        ex.status = 203


def wrong_content_type(ex: Exchange, _: Resend) -> None:
    if ex.is_("GET", "/v1/workspaces"):
        ex.headers["Content-Type"] = "text/plain"


def accept_invalid_search(ex: Exchange, _: Resend) -> None:
    if ex.is_("GET", "/v1/parts", 400):
        ex.status = 200
        ex.set_json({"query": ex.args.get("q", ""), "exactMatches": [], "inexactMatches": []})


def let_anyone_in(environ: Environ) -> None:
    if environ["PATH_INFO"].startswith("/v1/") and not environ.get("HTTP_AUTHORIZATION"):
        environ["HTTP_AUTHORIZATION"] = ALICE


def leak_across_workspaces(ex: Exchange, resend: Resend) -> None:
    """What another workspace may not have, it gets anyway (as the owner would)."""
    if ex.authorization == MALLORY and ex.status == 403:
        leaked = resend(ALICE)
        ex.status, ex.headers, ex.content = leaked.status, leaked.headers, leaked.content


def forget_new_issues(memory: set[int]) -> Fault:
    def plant(ex: Exchange, _: Resend) -> None:
        if ex.is_("POST", r"/v1/orders/\d+/issues", 201):
            memory.add(ex.json()["id"])
        elif ex.is_("GET", "/v1/issues"):
            ex.set_json({"issues": [i for i in ex.json()["issues"] if i["id"] not in memory]})

    return Fault("lost write", ("suite_issues.py",), response=plant)


def miscount_bom(ex: Exchange, _: Resend) -> None:
    if ex.is_("GET", PROJECT + "/bom"):
        body = ex.json()
        body["summary"]["total"] += 1
        ex.set_json(body)


def fail_on_long_query(ex: Exchange, _: Resend) -> None:
    if ex.method == "GET" and ex.path == "/v1/parts" and len(ex.args.get("q", "")) > 100:
        ex.status = 500
        ex.set_json(ERROR_500)


def status_outside_enum(ex: Exchange, _: Resend) -> None:
    if ex.is_("GET", "/v1/issues"):
        ex.set_json({"issues": [{**i, "status": "pending"} for i in ex.json()["issues"]]})


def null_description(ex: Exchange, _: Resend) -> None:
    if ex.is_("GET", PROJECT):
        ex.set_json({**ex.json(), "description": None})


def catalog() -> list[Fault]:
    """Fresh faults (some remember what they saw) with the suite section that must fail."""
    return [
        Fault("required field dropped", SCHEMA, ("getProject",), response=drop_project_name),
        Fault("wrong type", SCHEMA, ("getOrder",), response=quantity_as_text),
        Fault("undocumented status", SCHEMA, ("listOrders",), response=undocumented_status),
        Fault("wrong content type", SCHEMA, ("listWorkspaces",), response=wrong_content_type),
        Fault("invalid input accepted", SCHEMA, ("searchParts",), response=accept_invalid_search),
        Fault("auth bypass", SCHEMA, ("listOrders",), request=let_anyone_in),
        Fault("cross-workspace leak", ("suite_isolation.py",), response=leak_across_workspaces),
        forget_new_issues(set()),
        Fault("miscounted BOM summary", ("suite_reads.py",), response=miscount_bom),
        Fault("500 on odd input", SCHEMA, ("searchParts",), response=fail_on_long_query),
        Fault("enum value outside the enum", SCHEMA, ("listIssues",), response=status_outside_enum),
        Fault("null in a non-nullable field", SCHEMA, ("getProject",), response=null_description),
    ]
