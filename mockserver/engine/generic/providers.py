"""Faker providers by `format` and by property name: what each kind of value looks like."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockserver.engine.generic.values import Values

UTC = dt.UTC
EARLIEST = dt.datetime(2023, 1, 1, tzinfo=UTC)
LATEST = dt.datetime(2026, 12, 31, tzinfo=UTC)
PERSON_CONTEXTS = (
    "user",
    "person",
    "customer",
    "owner",
    "author",
    "member",
    "employee",
    "contact",
    "people",
    "account",
    "assignee",
    "reporter",
    "passenger",
    "staff",
)
ANIMAL_CONTEXTS = ("pet", "dog", "cat", "animal")
MONEY = ("price", "amount", "cost", "total", "balance", "fee", "subtotal", "tax", "salary")


def _datetime(values: Values) -> dt.datetime:
    # Fixed bounds, not "now": the same seed gives the same dates on any day.
    moment: dt.datetime = values.fake.date_time_between(EARLIEST, LATEST, tzinfo=UTC)
    return moment.replace(microsecond=0)


FORMATS: dict[str, Callable[[Values], str]] = {
    "date": lambda v: _datetime(v).date().isoformat(),
    "date-time": lambda v: _datetime(v).isoformat().replace("+00:00", "Z"),
    "time": lambda v: _datetime(v).strftime("%H:%M:%SZ"),
    "email": lambda v: str(v.fake.email()),
    "idn-email": lambda v: str(v.fake.email()),
    "uri": lambda v: str(v.fake.url()),
    "url": lambda v: str(v.fake.url()),
    "iri": lambda v: str(v.fake.url()),
    "uri-reference": lambda v: "/" + str(v.fake.uri_path()),
    "hostname": lambda v: str(v.fake.domain_name()),
    "idn-hostname": lambda v: str(v.fake.domain_name()),
    "ipv4": lambda v: str(v.fake.ipv4()),
    "ipv6": lambda v: str(v.fake.ipv6()),
    "uuid": lambda v: v.uuid(),
    "byte": lambda v: base64.b64encode(v.rng.randbytes(12)).decode(),
    "binary": lambda v: str(v.fake.pystr(min_chars=8, max_chars=16)),
    "password": lambda v: str(v.fake.password(length=12)),
    "duration": lambda v: f"P{v.rng.randint(1, 30)}D",
    "regex": lambda v: "^[a-z]+$",
    "json-pointer": lambda v: "/" + str(v.fake.word()),
    "iso-country-code": lambda v: str(v.fake.country_code()),
    "country-code": lambda v: str(v.fake.country_code()),
    "currency": lambda v: str(v.fake.currency_code()),
    "phone": lambda v: str(v.fake.phone_number()),
}

Maker = Callable[["Values", str, str, dict[str, Any]], str]


def _person_or_thing(values: Values, key: str, context: str, schema: dict[str, Any]) -> str:
    if any(word in context for word in PERSON_CONTEXTS):
        return str(values.fake.name())
    if any(word in context for word in ANIMAL_CONTEXTS):
        return str(values.fake.first_name())
    return str(values.fake.catch_phrase())


def _country(values: Values, key: str, context: str, schema: dict[str, Any]) -> str:
    short = schema.get("maxLength") in (2, 3) or "code" in key
    return str(values.fake.country_code() if short else values.fake.country())


def _text(values: Values, key: str, context: str, schema: dict[str, Any]) -> str:
    limit = schema.get("maxLength")
    if isinstance(limit, int) and limit < 60:
        return str(values.fake.sentence(nb_words=4))
    return str(values.fake.paragraph(nb_sentences=2))


def _money(values: Values, key: str, context: str, schema: dict[str, Any]) -> str:
    return f"{values.rng.uniform(1, 500):.2f}"


def _time_ish(values: Values, key: str, context: str, schema: dict[str, Any]) -> str:
    return FORMATS["date" if "date" in key and not key.endswith("at") else "date-time"](values)


NAMED: tuple[tuple[tuple[str, ...], Maker], ...] = (
    (("email",), lambda v, k, c, s: str(v.fake.email())),
    (("firstname", "givenname", "forename"), lambda v, k, c, s: str(v.fake.first_name())),
    (("lastname", "surname", "familyname"), lambda v, k, c, s: str(v.fake.last_name())),
    (("username", "login", "handle", "nickname"), lambda v, k, c, s: str(v.fake.user_name())),
    (("password", "secret"), lambda v, k, c, s: str(v.fake.password(length=12))),
    (("phone", "mobile", "fax", "telephone"), lambda v, k, c, s: str(v.fake.phone_number())),
    (("ipaddress",), lambda v, k, c, s: str(v.fake.ipv4())),
    (("street", "address"), lambda v, k, c, s: str(v.fake.street_address())),
    (("city", "town"), lambda v, k, c, s: str(v.fake.city())),
    (("country",), _country),
    (("zip", "postcode", "postalcode"), lambda v, k, c, s: str(v.fake.postcode())),
    (("province", "region"), lambda v, k, c, s: str(v.fake.state())),
    (
        ("company", "organization", "organisation", "employer"),
        lambda v, k, c, s: str(v.fake.company()),
    ),
    (("currency",), lambda v, k, c, s: str(v.fake.currency_code())),
    (MONEY, _money),
    (
        ("avatar", "image", "photo", "picture", "thumbnail", "logo"),
        lambda v, k, c, s: str(v.fake.image_url()),
    ),
    (("url", "uri", "website", "homepage", "link", "href"), lambda v, k, c, s: str(v.fake.url())),
    (("colour", "color"), lambda v, k, c, s: str(v.fake.color_name())),
    (("slug",), lambda v, k, c, s: str(v.fake.slug())),
    (("uuid", "guid"), lambda v, k, c, s: v.uuid()),
    (("timezone",), lambda v, k, c, s: str(v.fake.timezone())),
    (("language", "locale"), lambda v, k, c, s: str(v.fake.language_code())),
    (
        (
            "description",
            "summary",
            "details",
            "bio",
            "about",
            "note",
            "comment",
            "body",
            "content",
            "message",
            "text",
            "reason",
        ),
        _text,
    ),
    (
        ("title", "subject", "headline", "label"),
        lambda v, k, c, s: str(v.fake.sentence(nb_words=4)).rstrip("."),
    ),
    (("fullname", "displayname", "name"), _person_or_thing),
    (("date", "time"), _time_ish),
    (("code", "sku", "reference"), lambda v, k, c, s: str(v.fake.bothify("??-####")).upper()),
    (
        ("tag", "category", "keyword", "type", "kind", "status", "state"),
        lambda v, k, c, s: str(v.fake.word()),
    ),
)
