"""Handlers of the `billing` tag."""

from mockserver.call import Call, Reply, ok
from mockserver.domain.pdf import render_invoice_pdf, render_statement_pdf

PDF = "application/pdf"


def _pdf(data: bytes, filename: str) -> Reply:
    return Reply(
        200,
        data=data,
        content_type=PDF,
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


def list_invoices(call: Call) -> Reply:
    found = call.world.billing.invoice_list(call.caller, call.path["workspaceSlug"], call.query)
    return ok({"invoices": call.views.many("Invoice", found)})


def get_invoice(call: Call) -> Reply:
    invoice = call.world.billing.invoice(
        call.caller, call.path["workspaceSlug"], call.path["invoiceId"]
    )
    return ok(call.views.render("Invoice", invoice))


def get_invoice_pdf(call: Call) -> Reply:
    slug = call.path["workspaceSlug"]
    invoice = call.world.billing.invoice(call.caller, slug, call.path["invoiceId"])
    workspace = call.world.access.workspace(call.caller, slug)
    pdf = render_invoice_pdf(
        call.views.render("Invoice", invoice), workspace, call.world.runtime.clock.now()
    )
    return _pdf(pdf, f"{invoice['name']}.pdf")


def get_statement(call: Call) -> Reply:
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
        call.world.runtime.clock.now(),
    )
    return _pdf(pdf, f"statement-{slug}-{s['start']}-{s['end']}.pdf")


def list_payments(call: Call) -> Reply:
    found = call.world.billing.payments(call.caller, call.path["workspaceSlug"])
    return ok({"payments": call.views.many("Payment", found)})


def list_payment_methods(call: Call) -> Reply:
    found = call.world.billing.payment_methods(call.caller, call.path["workspaceSlug"])
    return ok({"paymentMethods": call.views.many("PaymentMethod", found)})


def get_balance(call: Call) -> Reply:
    return ok(call.world.billing.balance(call.caller, call.path["workspaceSlug"]))
