"""Handlers of the `orders` tag."""

from mockserver.call import Call, Reply, ok


def list_orders(call: Call) -> Reply:
    found = call.world.orders.for_workspace(call.caller, call.query["workspace"])
    return ok({"orders": call.views.many("Order", found)})


def get_order(call: Call) -> Reply:
    return ok(call.views.render("Order", call.world.orders.get(call.caller, call.path["orderId"])))
