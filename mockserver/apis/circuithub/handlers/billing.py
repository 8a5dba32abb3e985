"""Handlers of the `billing` tag."""

from mockserver.apis.circuithub.domain.pdf import render_invoice_pdf, render_statement_pdf
from mockserver.apis.circuithub.rules.domain import HubCall
from mockserver.engine.call import Reply, ok

PDF = "application/pdf"


def _pdf(data: bytes, filename: str) -> Reply:
    return Reply(
        200,
        data=data,
        content_type=PDF,
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


def list_invoices(call: HubCall) -> Reply:
    found = call.world.billing.invoice_list(call.caller, call.path["workspaceSlug"], call.query)
    return ok({"invoices": call.views.listing("Invoice", found)})


def get_invoice(call: HubCall) -> Reply:
    invoice = call.world.billing.invoice(
        call.caller, call.path["workspaceSlug"], call.path["invoiceId"]
    )
    return ok(call.views.render("Invoice", invoice))


def get_invoice_pdf(call: HubCall) -> Reply:
    slug = call.path["workspaceSlug"]
    invoice = call.world.billing.invoice(call.caller, slug, call.path["invoiceId"])
    workspace = call.world.access.workspace(call.caller, slug)
    pdf = render_invoice_pdf(
        call.views.render("Invoice", invoice), workspace, call.world.clock.now()
    )
    return _pdf(pdf, f"{invoice['name']}.pdf")


def get_statement(call: HubCall) -> Reply:
    slug = call.path["workspaceSlug"]
    s = call.world.billing.statement(
        call.caller, slug, call.query["startDate"], call.query["endDate"]
    )
    pdf = render_statement_pdf(
        s["workspace"],
        s["start"],
        s["end"],
        call.views.many("Invoice", s["invoices"]),
        call.views.many("Payment", s["payments"]),
        call.world.clock.now(),
    )
    return _pdf(pdf, f"statement-{slug}-{s['start']}-{s['end']}.pdf")


def list_payments(call: HubCall) -> Reply:
    found = call.world.billing.payments(call.caller, call.path["workspaceSlug"])
    return ok({"payments": call.views.listing("Payment", found)})


def list_payment_methods(call: HubCall) -> Reply:
    found = call.world.billing.payment_methods(call.caller, call.path["workspaceSlug"])
    return ok({"paymentMethods": call.views.listing("PaymentMethod", found)})


def get_balance(call: HubCall) -> Reply:
    return ok(call.world.billing.balance(call.caller, call.path["workspaceSlug"]))
