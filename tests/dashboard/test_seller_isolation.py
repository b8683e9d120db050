"""No seller can see or change another seller's data through any dashboard URL.

The test walks every URL pattern under the ``dashboard`` namespace, and the ``sellers``
patterns that need a login, as found in the URL resolver, so that a view added later is
walked too. Seller A requests each pattern with every one of seller B's ids that could fit
its arguments (B's products, stock records, photos, orders, lines, notes, partner, users,
...), by GET and by POST: the POST carries the form A's own equivalent page offers (with
A's ids swapped for B's) and a generic payload naming B's ids. Every answer must be a
refusal (403, 404, 405 or a redirect to the login page), or a page that shows none of B's
data; and no row of products, stock, photos, orders, lines, notes, partners or users may
change. Patterns without arguments (lists) must not show B's data either. A pattern the
test cannot exercise (an argument name it has no ids for) fails the test.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_shipping_weight_based

from sellers.models import Seller, SellerApplication, SellerDocument
from tests.walking import Route
from tests.walking import routes as walked_routes

Category = get_model("catalogue", "Category")
CommunicationEventType = get_model("communication", "CommunicationEventType")
Line = get_model("order", "Line")
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
Partner = get_model("partner", "Partner")
PaymentEvent = get_model("order", "PaymentEvent")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
ShippingAddress = get_model("order", "ShippingAddress")
ShippingEvent = get_model("order", "ShippingEvent")
Source = get_model("payment", "Source")
TransferReceipt = get_model("payments", "TransferReceipt")
ProductReview = get_model("reviews", "ProductReview")
SellerReview = get_model("reviews", "SellerReview")
StockAlert = get_model("partner", "StockAlert")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()

WALKED_NAMESPACES = ("dashboard", "sellers")
REFUSED = {403, 404, 405}


def routes() -> list[Route]:
    """Every URL pattern under the walked namespaces, found in the resolver."""
    found = walked_routes(WALKED_NAMESPACES)
    unnamed = [route.path for route in found if route.positional]
    if unnamed:
        pytest.fail(f"{unnamed}: unnamed URL arguments, cannot walk")
    return found


@dataclass(frozen=True)
class Value:
    """A value for a URL argument: whose it is (``B``, ``A``, or ``global`` for shared
    reference data) and, for B's, A's value of the same kind (to fetch A's own form)."""

    value: object
    owner: str
    twin: object = None


def id_values(world) -> dict[str, list[Value]]:
    """B's ids by kind (with A's of the same kind as twins), and shared reference rows."""
    a, b = world.a, world.b

    def pairs(b_values, a_values):
        return [
            Value(value, "B", a_values[i % len(a_values)] if a_values else None)
            for i, value in enumerate(b_values)
        ]

    comms = CommunicationEventType.objects.get_or_create(
        code="ORDER_PLACED", defaults={"name": "Pesanan dibuat", "category": "Order related"}
    )[0]
    a_lines, b_lines = a.lines(), b.lines()
    return {
        "product": pairs(
            [p.pk for p in b.products] + [world.shared_product.pk], [p.pk for p in a.products]
        ),
        "stockrecord": pairs(
            [s.pk for s in b.stockrecords]
            + [world.shared_product.stockrecords.get(partner=b.partner).pk],
            [s.pk for s in a.stockrecords],
        ),
        "image": pairs([i.pk for i in b.images], [i.pk for i in a.images]),
        "alert": pairs([x.pk for x in b.alerts], [x.pk for x in a.alerts]),
        "order": pairs([world.b_order.pk], [world.a_order.pk]),
        "number": [
            Value(world.b_order.number, "B", world.a_order.number),
            Value(world.mixed.number, "A"),
            Value(world.a_order.number, "A"),
        ],
        "line": pairs([x.pk for x in b_lines], [x.pk for x in a_lines])
        + [Value(x.pk, "A") for x in a_lines],
        "note": [Value(n.pk, "B") for n in OrderNote.objects.all()],
        "partner": pairs([b.partner.pk], [a.partner.pk]) + [Value(a.partner.pk, "A")],
        "user": pairs([b.user.pk] + [u.pk for u in b.buyers] + [world.staff.pk], [a.user.pk]),
        "seller": pairs([b.seller.pk], [a.seller.pk]),
        "document": [Value(d.pk, "B") for d in SellerDocument.objects.filter(seller=b.seller)],
        "application": [Value(x.pk, "B") for x in SellerApplication.objects.exclude(user=a.user)],
        "shipping event": [Value(e.pk, "B") for e in ShippingEvent.objects.all()],
        "payment source": [Value(x.pk, "B") for x in Source.objects.exclude(order=world.a_order)],
        "shipping address": [Value(world.b_order.shipping_address_id, "B")],
        "receipt": pairs(
            [r.pk for r in TransferReceipt.objects.filter(order=world.b_order)],
            [r.pk for r in TransferReceipt.objects.filter(order=world.a_order)],
        ),
        "category": [Value(c.pk, "global") for c in Category.objects.all()],
        "product review": pairs(
            [r.pk for r in ProductReview.objects.filter(order=world.b_order)],
            [r.pk for r in ProductReview.objects.filter(order=world.a_order)],
        ),
        "shop review": pairs(
            [r.pk for r in SellerReview.objects.filter(seller=b.seller)],
            [r.pk for r in SellerReview.objects.filter(seller=a.seller)],
        ),
        "shipping method": [Value(create_shipping_weight_based().pk, "global")],
        "product class": [Value(c.slug, "global") for c in ProductClass.objects.all()],
        "slug": [Value(b.seller.slug, "B", a.seller.slug), Value(comms.code, "global")],
    }


#: A view's model -> the kind of id its ``pk`` argument takes.
MODEL_KINDS = {
    Product: "product",
    StockRecord: "stockrecord",
    ProductImage: "image",
    StockAlert: "alert",
    Order: "order",
    Line: "line",
    OrderNote: "note",
    Partner: "partner",
    User: "user",
    Seller: "seller",
    SellerDocument: "document",
    SellerApplication: "application",
    ShippingAddress: "shipping address",
    ShippingEvent: "shipping event",
    Source: "payment source",
    Category: "category",
    ProductReview: "product review",
    SellerReview: "shop review",
}

#: URL argument name -> the kinds of id it takes. ``pk`` and ``id`` take the view model's
#: kind, or (a view without a model) one id of every kind.
ARGUMENT_KINDS = {
    "parent_pk": ["product"],
    "product_pk": ["product"],
    "parent": ["category", "product"],
    "image_pk": ["image"],
    "stockrecord_pk": ["stockrecord"],
    "number": ["number"],
    "order_number": ["number"],
    "order_pk": ["order"],
    "line_id": ["line"],
    "line_pk": ["line"],
    "note_id": ["note"],
    "partner_pk": ["partner"],
    "user_pk": ["user"],
    "seller_pk": ["seller"],
    "document_pk": ["document"],
    "document_id": ["document"],
    "application_pk": ["application"],
    "application_id": ["application"],
    "method_pk": ["shipping method"],
    "product_class_slug": ["product class"],
    "slug": ["slug"],
    "receipt_pk": ["receipt"],
}


def argument_values(route_callback, name: str, ids: dict[str, list[Value]]) -> list[Value] | None:
    """The values to put in URL argument ``name`` of a pattern; ``None`` if unknown."""
    if name in ("pk", "id"):
        model = getattr(getattr(route_callback, "view_class", None), "model", None)
        if model in MODEL_KINDS:
            return ids[MODEL_KINDS[model]]
        return [values[0] for kind, values in ids.items() if values and kind != "number"]
    if name in ARGUMENT_KINDS:
        return [value for kind in ARGUMENT_KINDS[name] for value in ids[kind]]
    return None


def snapshot() -> dict[str, list]:
    """The rows a seller could try to change, as plain values."""
    return {
        "products": list(
            Product.objects.order_by("pk").values_list(
                "pk", "title", "description", "is_public", "structure", "weight_grams", "unit"
            )
        ),
        "product categories": list(
            ProductCategory.objects.order_by("pk").values_list("product", "category")
        ),
        "stock records": list(
            StockRecord.objects.order_by("pk").values_list(
                "pk", "product", "partner", "partner_sku", "price", "num_in_stock", "num_allocated"
            )
        ),
        "stock alerts": list(StockAlert.objects.order_by("pk").values_list("pk", "status")),
        "images": list(
            ProductImage.objects.order_by("pk").values_list(
                "pk", "product", "original", "display_order"
            )
        ),
        "orders": list(
            Order.objects.order_by("pk").values_list(
                "pk", "number", "status", "total_incl_tax", "shipping_address"
            )
        ),
        "shipping addresses": list(
            ShippingAddress.objects.order_by("pk").values_list(
                "pk", "first_name", "last_name", "line1", "phone_number"
            )
        ),
        "lines": list(
            Line.objects.order_by("pk").values_list(
                "pk", "order", "partner", "status", "quantity", "line_price_incl_tax"
            )
        ),
        "notes": list(OrderNote.objects.order_by("pk").values_list("pk", "order", "message")),
        "shipping events": list(ShippingEvent.objects.order_by("pk").values_list("pk", "order")),
        "payment events": list(PaymentEvent.objects.order_by("pk").values_list("pk", "order")),
        "partners": list(Partner.objects.order_by("pk").values_list("pk", "name", "code")),
        "partner users": list(
            Partner.users.through.objects.order_by("pk").values_list("partner", "user")
        ),
        "users": list(
            User.objects.order_by("pk").values_list(
                "pk", "email", "password", "is_active", "is_staff", "first_name", "last_name"
            )
        ),
        "sellers": list(Seller.objects.order_by("pk").values_list("pk", "status", "slug")),
        "documents": list(SellerDocument.objects.order_by("pk").values_list("pk", "seller")),
        "categories": list(Category.objects.order_by("pk").values_list("pk", "name", "path")),
        "product classes": list(ProductClass.objects.order_by("pk").values_list("pk", "name")),
        "product reviews": list(
            ProductReview.objects.order_by("pk").values_list("pk", "reply", "visibility", "score")
        ),
        "shop reviews": list(
            SellerReview.objects.order_by("pk").values_list("pk", "reply", "visibility", "score")
        ),
    }


def changed(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def post_forms(html: str) -> list[dict]:
    """The fields each POST form on a page would submit (file inputs left empty)."""
    forms = []
    for form in BeautifulSoup(html, "html.parser").find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        data: dict[str, list[str]] = {}
        for field in form.find_all(["input", "select", "textarea", "button"]):
            name = field.get("name")
            if not name:
                continue
            kind = (field.get("type") or "").lower()
            if field.name == "input" and kind in ("file", "reset", "image"):
                continue
            if (
                field.name == "input"
                and kind in ("checkbox", "radio")
                and not field.has_attr("checked")
            ):
                if kind == "radio" and name not in data:
                    data.setdefault(name, []).append(field.get("value", "on"))
                continue
            if field.name in ("button",) or kind == "submit":
                if name not in data:
                    data[name] = [field.get("value", "")]
                continue
            if field.name == "select":
                options = field.find_all("option")
                chosen = [o for o in options if o.has_attr("selected")] or [
                    o for o in options if o.get("value")
                ][:1]
                data.setdefault(name, []).extend(o.get("value", o.text) for o in chosen)
            elif field.name == "textarea":
                data.setdefault(name, []).append(field.text)
            else:
                data.setdefault(name, []).append(field.get("value", ""))
        data.pop("csrfmiddlewaretoken", None)
        forms.append(data)
    return forms


def swapped(form: dict, swaps: dict[str, str]) -> dict:
    """``form`` with A's ids (from the twin page) replaced by B's."""
    return {name: [swaps.get(value, value) for value in values] for name, values in form.items()}


def generic_payloads(world) -> list[dict]:
    """POST bodies that name B's ids in the fields Oscar's views read (never a complete,
    valid product: a POST that creates A's own product is not what is tested here)."""
    b = world.b
    b_lines = b.lines()
    base = {
        "selected_product": [str(p.pk) for p in b.products] + [str(world.shared_product.pk)],
        "selected_products": [str(p.pk) for p in b.products],
        "selected_order": [str(world.b_order.pk), str(world.mixed.pk)],
        "selected_line": [str(x.pk) for x in b_lines],
        **{f"selected_line_qty_{x.pk}": ["1"] for x in b_lines},
        "new_status": ["Diproses"],
        "note_id": [str(n.pk) for n in OrderNote.objects.all()],
        "message": ["diubah"],
        "title": ["Diubah oleh A"],
        "description": ["diubah"],
        "num_in_stock": ["0"],
        "partner": [str(b.partner.pk)],
        "stockrecord": [str(s.pk) for s in b.stockrecords],
        "images_remove": [str(i.pk) for i in b.images],
        "amount": ["1"],
        "payment_event_type": ["paid"],
        "shipping_event_type": ["dikirim"],
        "first_name": ["Diubah"],
        "line1": ["Jalan Diubah"],
        "select_across": ["1"],
    }
    actions = [
        {"action": ["make_products_non_public"]},
        {"action": ["set_product_price"]},
        {"action": ["download_selected_orders"]},
        {"action": ["change_order_statuses"]},
        {"order_action": ["change_order_status"]},
        {"order_action": ["delete_note"]},
        {"order_action": ["save_note"]},
    ]
    # One line at a time: Oscar refuses a request naming any line it cannot find.
    for line in b_lines:
        for action in ("change_line_statuses", "create_shipping_event", "create_payment_event"):
            actions.append(
                {
                    "line_action": [action],
                    "selected_line": [str(line.pk)],
                    "new_status": ["Diproses"],
                }
            )
    return [{**base, **action} for action in actions]


#: Query strings for lists: prefixes of B's data, which a search must not match.
LIST_QUERY = (
    "?order_number=B-77&name=Wul&product_title=Keripik&title=Keripik&upc=BENING-77"
    "&partner_sku=BENING-77&q=Keripik&status=&response_format=html"
)


class Walk:
    def __init__(self, world, client: Client):
        self.world = world
        self.client = client
        self.markers = world.b_markers()
        self.failures: list[str] = []
        self.requests = 0
        self.forms: dict[str, list[dict]] = {}
        self.session_key = None
        self.login_paths = {
            urlparse(reverse("dashboard:login")).path,
            urlparse(reverse("customer:login")).path,
        }

    def login(self) -> None:
        """Sign A in again if the last request signed A out (or changed A's session)."""
        cookie = self.client.cookies.get(settings.SESSION_COOKIE_NAME)
        if cookie is None or cookie.value != self.session_key:
            self.client.force_login(self.world.a.user)
            self.session_key = self.client.cookies[settings.SESSION_COOKIE_NAME].value

    def request(self, method: str, url: str, data=None):
        self.requests += 1
        if method == "GET":
            return self.client.get(url)
        return self.client.post(url, data or {})

    def is_login_redirect(self, response) -> bool:
        return urlparse(response["Location"]).path in self.login_paths

    def body(self, response) -> str:
        if getattr(response, "streaming", False):
            return b"".join(response.streaming_content).decode(errors="replace")
        return response.content.decode(errors="replace")

    def check(self, route: Route, method: str, url: str, response, *, foreign: bool, public: bool):
        status = response.status_code
        where = f"{method} {url} [{route.label}] -> {status}"
        if status >= 500:
            self.failures.append(f"{where}: server error")
        elif status in REFUSED:
            return
        elif status in (301, 302, 303, 307, 308):
            if foreign and not self.is_login_redirect(response):
                self.failures.append(f"{where}: redirects to {response['Location']}")
        elif status in (200, 400):
            if public and method == "GET":
                return
            body = self.body(response)
            leaked = [m for m in self.markers if m in body]
            if leaked:
                self.failures.append(f"{where}: shows B's {leaked}")
        else:
            self.failures.append(f"{where}: unexpected status")

    def own_forms(self, url: str) -> list[dict]:
        """The POST forms on A's own page at ``url`` (none if A cannot open it)."""
        if url not in self.forms:
            self.login()
            response = self.request("GET", url)
            forms = []
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                forms = post_forms(self.body(response))
            self.forms[url] = forms
        return self.forms[url]


def combinations(route: Route, ids: dict[str, list[Value]], failures: list[str]) -> list:
    """(url, A's equivalent url, A id -> B id swaps, names B's data?, A's own?) for each way
    of putting B's ids (and A's, like the mixed order's number) into the route's arguments."""
    name = f"{route.namespace}:{route.name}"
    if not route.kwargs:
        return [(reverse(name), None, {}, False, False)]
    candidates = {}
    for argument in route.kwargs:
        candidates[argument] = argument_values(route.callback, argument, ids)
        if candidates[argument] is None:
            failures.append(
                f"{route.label}: no ids for URL argument {argument!r}: say in "
                "ARGUMENT_KINDS (or MODEL_KINDS) which of B's ids fit it"
            )
            return []
    combos = []
    for combo in itertools.product(*(candidates[k] for k in route.kwargs)):
        try:
            url = reverse(
                name, kwargs={k: v.value for k, v in zip(route.kwargs, combo, strict=True)}
            )
        except NoReverseMatch:
            continue
        foreign = any(v.owner == "B" for v in combo)
        twin_url = None
        if foreign and all(v.twin is not None for v in combo if v.owner == "B"):
            twin = {
                k: (v.twin if v.owner == "B" else v.value)
                for k, v in zip(route.kwargs, combo, strict=True)
            }
            try:
                twin_url = reverse(name, kwargs=twin)
            except NoReverseMatch:
                pass
        swaps = {str(v.twin): str(v.value) for v in combo if v.owner == "B" and v.twin}
        own = all(v.owner == "A" for v in combo)
        combos.append((url, twin_url, swaps, foreign, own))
    if not combos:
        failures.append(f"{route.label}: none of B's ids could be put in its URL")
    return combos


@pytest.fixture
def quiet_request_log():
    """Thousands of refusals are expected: do not log each one."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


@pytest.mark.django_db
def test_seller_cannot_reach_another_sellers_data_through_any_url(
    world, status_pipelines, quiet_request_log
):
    ids = id_values(world)
    walk = Walk(world, Client(raise_request_exception=False))
    payloads = generic_payloads(world)
    anonymous = Client(raise_request_exception=False)
    before = snapshot()
    walked: list[str] = []

    for route in routes():
        if route.name is None:
            walk.failures.append(f"{route.path}: unnamed pattern, cannot be reversed")
            continue
        combos = combinations(route, ids, walk.failures)
        if not combos:
            continue
        # Public pages (the storefront) show B's public data to anyone.
        public = route.namespace != "dashboard" and anonymous.get(combos[0][0]).status_code == 200
        seen: set[str] = set()
        for url, twin_url, swaps, foreign, own in combos:
            if url in seen:
                continue
            seen.add(url)
            walk.login()
            get_url = url + LIST_QUERY if not route.kwargs else url
            response = walk.request("GET", get_url)
            walk.check(route, "GET", get_url, response, foreign=foreign, public=public)
            if own:
                # A's own page (A's order, the mixed order): posts naming B's lines, notes
                # and products must change nothing, whatever action they ask for.
                bodies = payloads
            else:
                bodies = [swapped(f, swaps) for f in walk.own_forms(twin_url)] if twin_url else []
                bodies += payloads if not route.kwargs else payloads[:1]
            for body in bodies:
                walk.login()
                response = walk.request("POST", url, body)
                walk.check(route, "POST", url, response, foreign=foreign, public=public)
        after = snapshot()
        moved = changed(before, after)
        if moved:
            walk.failures.append(f"{route.label}: changed {moved}")
            before = after
        walked.append(route.label)

    assert len(walked) > 60, walked
    print(f"{len(walked)} URL patterns walked with {walk.requests} requests")
    report = "\n".join(walk.failures)
    assert not walk.failures, (
        f"{len(walk.failures)} problems in {walk.requests} requests:\n{report}"
    )
