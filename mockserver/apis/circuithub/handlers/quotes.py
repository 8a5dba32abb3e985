"""Handlers of the `quotes` tag."""

from mockserver.apis.circuithub.rules.domain import HubCall
from mockserver.engine.call import Reply, ok


def create_quote(call: HubCall) -> Reply:
    quote = call.world.quotes.request(call.caller, call.body)
    return ok(call.views.render("Quote", quote))


def get_quote_breakdown(call: HubCall) -> Reply:
    q = call.query
    found = call.world.quotes.breakdown(
        call.caller, call.path["quoteId"], q["quantity"], q["leadTimeDays"]
    )
    return ok(found)
