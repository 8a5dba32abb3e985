"""Handlers of the `parts` tag."""

from mockserver.apis.circuithub.rules.domain import HubCall
from mockserver.engine.call import Reply, ok


def search_parts(call: HubCall) -> Reply:
    query = call.query["q"]
    exact, inexact = call.world.parts.search(query)
    return ok(
        {
            "query": query,
            "exactMatches": call.views.listing("Part", exact),
            "inexactMatches": call.views.listing("Part", inexact),
        }
    )
