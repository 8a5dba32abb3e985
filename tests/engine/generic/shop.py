"""Two small specs written for the inference tests: one 3.1 shop, one 3.0 legacy API."""

from __future__ import annotations

from typing import Any


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: Any, **extra: Any) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema, **extra}}}


def answer(schema: Any, description: str = "ok", **extra: Any) -> dict[str, Any]:
    return {"description": description, **json_body(schema, **extra)}


def query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema}


def path_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


NOT_FOUND = {"$ref": "#/components/responses/NotFound"}
PRODUCT_ID = path_param("productId", {"type": "integer", "format": "int64", "minimum": 1})

PRODUCT = {
    "type": "object",
    "required": ["id", "name", "price", "status", "sku"],
    "properties": {
        "id": {"type": "integer", "format": "int64", "minimum": 1, "readOnly": True},
        "name": {"type": "string", "minLength": 3, "maxLength": 40},
        "price": {"type": "number", "minimum": 0.5, "maximum": 99.99},
        "currency": {"type": "string", "enum": ["EUR", "USD", "GBP"]},
        "category": {"type": ["string", "null"]},
        "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$"},
        "created_at": {"type": "string", "format": "date-time"},
        "url": {"type": "string", "format": "uri"},
        "tags": {"type": "array", "uniqueItems": True, "maxItems": 4, "items": {"type": "string"}},
        "status": {"type": "string", "enum": ["draft", "active", "archived"]},
        "dimensions": {
            "allOf": [
                {
                    "type": "object",
                    "required": ["width"],
                    "properties": {"width": {"type": "integer", "minimum": 1, "maximum": 50}},
                },
                {
                    "type": "object",
                    "properties": {
                        "height": {"type": "integer", "exclusiveMinimum": 0, "maximum": 9}
                    },
                },
            ]
        },
        "variant": {
            "oneOf": [
                {
                    "type": "object",
                    "required": ["size"],
                    "properties": {"size": {"type": "string", "enum": ["S", "M", "L"]}},
                    "additionalProperties": False,
                },
                {"type": "string", "maxLength": 5},
            ]
        },
        "rating": {"anyOf": [{"type": "number", "minimum": 0, "maximum": 5}, {"type": "null"}]},
        "parent": ref("Product"),
    },
}
NEW_PRODUCT = {
    "type": "object",
    "required": ["name", "price", "sku"],
    "properties": {key: value for key, value in PRODUCT["properties"].items() if key != "id"},  # type: ignore[attr-defined]
}
REVIEW = {
    "type": "object",
    "required": ["id", "productId", "stars"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "productId": {"type": "integer", "format": "int64"},
        "stars": {"type": "integer", "minimum": 1, "maximum": 5},
        "comment": {"type": "string", "maxLength": 200},
        "author_email": {"type": "string", "format": "email"},
    },
}
CUSTOMER = {
    "type": "object",
    "required": ["slug", "first_name", "last_name", "email"],
    "properties": {
        "slug": {"type": "string", "pattern": "^[a-z]{3,8}(-[a-z]{2,6})?$"},
        "first_name": {"type": "string"},
        "last_name": {"type": "string"},
        "email": {"type": "string", "format": "email"},
        "phone": {"type": "string"},
        "birthday": {"type": "string", "format": "date"},
        "website": {"type": "string", "format": "uri"},
        "external_id": {"type": "string", "format": "uuid"},
        "address": {
            "type": "object",
            "properties": {
                "street": {"type": "string"},
                "city": {"type": "string"},
                "country": {"type": "string", "maxLength": 2, "minLength": 2},
                "zip": {"type": "string"},
            },
        },
    },
}
ORDER = {
    "type": "object",
    "required": ["id", "total"],
    "properties": {
        "id": {"type": "integer"},
        "total": {"type": "number", "minimum": 10, "maximum": 20},
        "customer": {"type": "string"},
    },
}
ERROR = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
}

SHOP: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Shop", "version": "1"},
    "security": [{"bearer": []}],
    "paths": {
        "/products": {
            "get": {
                "operationId": "listProducts",
                "parameters": [
                    query("page", {"type": "integer", "minimum": 1, "default": 1}),
                    query("size", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
                    query("category", {"type": "string"}),
                    query("status", {"type": "string"}),
                    query("sort", {"type": "string"}),
                ],
                "responses": {
                    "401": NOT_FOUND,
                    "200": answer(
                        {
                            "type": "object",
                            "required": ["items", "total", "page", "size"],
                            "properties": {
                                "items": {"type": "array", "items": ref("Product")},
                                "total": {"type": "integer"},
                                "page": {"type": "integer"},
                                "size": {"type": "integer"},
                            },
                        }
                    ),
                },
            },
            "post": {
                "operationId": "createProduct",
                "requestBody": {"required": True, **json_body(ref("NewProduct"))},
                "responses": {
                    "200": answer(ref("Product")),
                    "201": answer(ref("Product")),
                    "422": NOT_FOUND,
                },
            },
        },
        "/products/search": {
            "get": {
                "operationId": "searchProducts",
                "parameters": [query("tags", {"type": "array", "items": {"type": "string"}})],
                "responses": {"200": answer({"type": "array", "items": ref("Product")})},
            }
        },
        "/products/{productId}": {
            "parameters": [PRODUCT_ID],
            "get": {
                "operationId": "getProduct",
                "responses": {"200": answer(ref("Product")), "404": NOT_FOUND},
            },
            "put": {
                "operationId": "replaceProduct",
                "requestBody": json_body(ref("NewProduct")),
                "responses": {"200": answer(ref("Product")), "404": NOT_FOUND},
            },
            "patch": {
                "operationId": "updateProduct",
                "requestBody": json_body(
                    {"type": "object", "properties": {"price": {"type": "number"}}}
                ),
                "responses": {"200": answer(ref("Product")), "404": NOT_FOUND},
            },
            "delete": {
                "operationId": "deleteProduct",
                "responses": {
                    "200": {"description": "gone"},
                    "204": {"description": "gone"},
                    "404": NOT_FOUND,
                },
            },
        },
        "/products/{productId}/publish": {
            "post": {
                "operationId": "publishProduct",
                "parameters": [PRODUCT_ID],
                "responses": {"200": answer(ref("Product")), "404": NOT_FOUND},
            }
        },
        "/products/{productId}/reviews": {
            "parameters": [PRODUCT_ID],
            "get": {
                "operationId": "listReviews",
                "parameters": [
                    query("limit", {"type": "integer", "maximum": 50}),
                    query("offset", {"type": "integer", "minimum": 0}),
                ],
                "responses": {
                    "404": NOT_FOUND,
                    "200": answer({"type": "array", "items": ref("Review")}),
                },
            },
            "post": {
                "operationId": "createReview",
                "requestBody": json_body(ref("Review")),
                "responses": {"201": answer(ref("Review"))},
            },
        },
        "/products/{productId}/reviews/{reviewId}": {
            "get": {
                "operationId": "getReview",
                "parameters": [
                    PRODUCT_ID,
                    path_param("reviewId", {"type": "string", "format": "uuid"}),
                ],
                "responses": {"200": answer(ref("Review")), "404": NOT_FOUND},
            }
        },
        "/customers": {
            "get": {
                "operationId": "listCustomers",
                "parameters": [
                    query("cursor", {"type": "string"}),
                    query("limit", {"type": "integer"}),
                    query("email", {"type": "string"}),
                ],
                "responses": {
                    "200": answer(
                        {
                            "type": "object",
                            "properties": {
                                "data": {"type": "array", "items": ref("Customer")},
                                "links": {
                                    "type": "object",
                                    "properties": {
                                        "self": {"type": "string"},
                                        "next": {"type": ["string", "null"]},
                                    },
                                },
                                "meta": {
                                    "type": "object",
                                    "properties": {
                                        "total_count": {"type": "integer"},
                                        "has_more": {"type": "boolean"},
                                    },
                                },
                            },
                        }
                    )
                },
            },
            "post": {
                "operationId": "createCustomer",
                "requestBody": json_body(ref("Customer")),
                "responses": {"201": answer(ref("Customer"))},
            },
        },
        "/customers/{slug}": {
            "get": {
                "operationId": "getCustomer",
                "parameters": [path_param("slug", {"type": "string"})],
                "responses": {"200": answer(ref("Customer")), "404": NOT_FOUND},
            }
        },
        "/orders": {
            "get": {
                "operationId": "listOrders",
                "parameters": [
                    query("page", {"type": "integer"}),
                    query("per_page", {"type": "integer"}),
                ],
                "responses": {
                    "200": answer(
                        {
                            "type": "object",
                            "properties": {
                                "count": {"type": "integer"},
                                "next": {"type": ["string", "null"], "format": "uri"},
                                "previous": {"type": ["string", "null"], "format": "uri"},
                                "results": {"type": "array", "items": ref("Order")},
                            },
                        },
                        example={
                            "count": 1,
                            "next": None,
                            "previous": None,
                            "results": [{"id": 41, "total": 12.5}],
                        },
                    )
                },
            },
            "post": {
                "operationId": "createOrder",
                "requestBody": json_body(ref("Order")),
                "responses": {"201": answer(ref("Order"))},
            },
        },
        "/orders/{id}": {
            "get": {
                "operationId": "getOrder",
                "parameters": [path_param("id", {"type": "integer"})],
                "responses": {
                    "200": answer(
                        {
                            "type": "object",
                            "properties": {
                                "data": ref("Order"),
                                "links": {
                                    "type": "object",
                                    "properties": {"self": {"type": "string"}},
                                },
                            },
                        }
                    )
                },
            }
        },
        "/health": {
            "get": {
                "operationId": "health",
                "security": [],
                "responses": {
                    "200": answer(
                        {"type": "object", "properties": {"ok": {"type": "boolean"}}},
                        example={"ok": True},
                    )
                },
            }
        },
        "/report": {
            "get": {
                "responses": {
                    "200": answer({"type": "object", "properties": {"lines": {"type": "integer"}}})
                }
            },
        },
    },
    "components": {
        "schemas": {
            "Product": PRODUCT,
            "NewProduct": NEW_PRODUCT,
            "Review": REVIEW,
            "Customer": CUSTOMER,
            "Order": ORDER,
            "Error": ERROR,
        },
        "responses": {"NotFound": answer(ref("Error"), "not found")},
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    },
}

LEGACY: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Legacy", "version": "1"},
    "paths": {
        "/things": {
            "get": {
                "responses": {
                    "default": answer(
                        {"type": "array", "items": ref("Thing")},
                        example=[{"id": 7, "label": "seven", "weight": 1.5, "note": None}],
                    )
                }
            },
            "post": {
                "requestBody": json_body(ref("Thing")),
                "responses": {"default": answer(ref("Thing"))},
            },
            # The swagger-petstore way: the id travels in the body of a collection-level PUT.
            "put": {
                "requestBody": json_body(ref("Thing")),
                "responses": {"200": answer(ref("Thing")), "404": {"description": "no such"}},
            },
        },
        "/things/{id}": {
            "get": {
                "parameters": [path_param("id", {"type": "integer"})],
                "responses": {"default": answer(ref("Thing"))},
            },
            "delete": {
                "parameters": [path_param("id", {"type": "integer"})],
                "responses": {"400": {"description": "only an error is documented"}},
            },
        },
        "/things/{id}/parts": {
            "get": {
                "parameters": [path_param("id", {"type": "integer"})],
                "responses": {"200": answer({"type": "array", "items": ref("Part")})},
            }
        },
        "/broken": {"get": {"responses": {"200": answer({"$ref": "other.yaml#/Thing"})}}},
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["id", "label"],
                "properties": {
                    "id": {"type": "integer", "minimum": 1},
                    "label": {"type": "string", "maxLength": 12},
                    "weight": {
                        "type": "number",
                        "minimum": 0,
                        "exclusiveMinimum": True,
                        "maximum": 2,
                    },
                    "note": {"type": "string", "nullable": True},
                    "kind": {"type": "string", "enum": ["a", "b"], "nullable": True},
                },
            },
            "Part": {
                "type": "object",
                "required": ["id", "thing_id"],
                "properties": {
                    "id": {"type": "integer"},
                    "thing_id": {"type": "integer"},
                    "colour": {"type": "string"},
                },
            },
        }
    },
}
