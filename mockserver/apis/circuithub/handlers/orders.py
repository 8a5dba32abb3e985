"""Handlers of the `orders` tag."""

from mockserver.apis.circuithub.rules.domain import HubCall
from mockserver.engine.call import Reply, ok


def list_orders(call: HubCall) -> Reply:
    found = call.world.orders.for_workspace(call.caller, call.query["workspace"])
    return ok({"orders": call.views.listing("Order", found)})


def get_order(call: HubCall) -> Reply:
    return ok(call.views.render("Order", call.world.orders.get(call.caller, call.path["orderId"])))
