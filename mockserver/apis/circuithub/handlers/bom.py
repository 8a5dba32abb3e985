"""Handlers of the `bom` tag."""

from mockserver.apis.circuithub.rules.domain import HubCall
from mockserver.engine.call import Reply, ok


def get_bom(call: HubCall) -> Reply:
    bom = call.world.bom.get(call.caller, call.path["projectId"], call.query.get("revision"))
    return ok(
        {
            "revisionId": bom["revisionId"],
            "bomLines": call.views.listing("BomLine", bom["lines"]),
            "summary": bom["summary"],
        }
    )


def set_bom_line_part(call: HubCall) -> Reply:
    part = call.world.bom.set_part(call.caller, call.path["bomLineId"], call.body["partId"])
    return ok({"partId": part["id"], "mpn": part["mpn"], "manufacturer": part["manufacturer"]})


def set_placement_dnp(call: HubCall) -> Reply:
    state = call.world.bom.set_dnp(
        call.caller, call.path["bomLineId"], call.path["ref"], call.body["dnp"]
    )
    return ok(state)
