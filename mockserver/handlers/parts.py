"""Handlers of the `parts` tag."""

from mockserver.call import Call, Reply, ok


def search_parts(call: Call) -> Reply:
    query = call.query["q"]
    exact, inexact = call.world.parts.search(query)
    return ok(
        {
            "query": query,
            "exactMatches": call.views.many("Part", exact),
            "inexactMatches": call.views.many("Part", inexact),
        }
    )
