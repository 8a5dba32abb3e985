"""Handlers of the `quotes` tag."""

from mockserver.call import Call, Reply, ok


def create_quote(call: Call) -> Reply:
    quote = call.world.quotes.request(call.caller, call.body)
    return ok(call.views.render("Quote", quote))


def get_quote_breakdown(call: Call) -> Reply:
    q = call.query
    found = call.world.quotes.breakdown(
        call.caller, call.path["quoteId"], q["quantity"], q["leadTimeDays"]
    )
    return ok(found)
