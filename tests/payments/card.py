"""Card-payment test helpers: what Stripe.js does in the buyer's browser, done against
localstripe's API (set the card, confirm, pass 3-D Secure), and Stripe's webhook
deliveries, signed as Stripe signs them."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from checkout.services import checkout_place
from shipping.methods import Fulfilment

from ..checkout.factories import basket_fill, buyer_at, choices_for

#: Cards localstripe knows (STACK_NOTES): paid, declined, and 3-D Secure.
CARDS = {
    "visa": "pm_card_visa",
    "declined": "pm_card_chargeCustomerFail",
}
THREE_D_SECURE = "4000002500003155"


def api(server, method: str, path: str, data: dict | None = None, *, key: str | None = None):
    """One call to localstripe; returns (status, JSON)."""
    body = urllib.parse.urlencode(data or {}).encode() if method == "POST" else None
    url = server.url + path
    if method == "GET" and data:
        url += "?" + urllib.parse.urlencode(data)
    request = urllib.request.Request(url, data=body, method=method)
    if key is not False:
        request.add_header("Authorization", f"Bearer {key or server.secret_key}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def browser_pays(server, intent_id: str, *, card: str = "visa") -> dict:
    """The buyer types a card and presses Pay: Stripe.js sets the payment method and
    confirms; returns the PaymentIntent as Stripe leaves it."""
    if card == "3ds":
        status, method = api(
            server,
            "POST",
            "/v1/payment_methods",
            {
                "type": "card",
                "card[number]": THREE_D_SECURE,
                "card[exp_month]": "12",
                "card[exp_year]": "2030",
                "card[cvc]": "123",
            },
        )
        assert status == 200, method
        payment_method = method["id"]
    else:
        payment_method = CARDS[card]
    status, intent = api(
        server, "POST", f"/v1/payment_intents/{intent_id}", {"payment_method": payment_method}
    )
    assert status == 200, intent
    api(server, "POST", f"/v1/payment_intents/{intent_id}/confirm")
    return intent_get(server, intent_id)


def three_d_secure(server, intent: dict, *, success: bool = True) -> dict:
    """The buyer passes (or fails) the bank's 3-D Secure page."""
    status, body = api(
        server,
        "POST",
        f"/v1/payment_intents/{intent['id']}/_authenticate",
        {
            "key": server.publishable_key,
            "client_secret": intent["client_secret"],
            "success": "true" if success else "false",
        },
        key=False,
    )
    assert status == 200, body
    return intent_get(server, intent["id"])


def intent_get(server, intent_id: str) -> dict:
    status, intent = api(server, "GET", f"/v1/payment_intents/{intent_id}")
    assert status == 200, intent
    return intent


def listed(server, path: str, params: dict | None = None) -> list[dict]:
    """Every object of a localstripe list (page by page, oldest first)."""
    found: list[dict] = []
    query = {**(params or {}), "limit": 100}
    while True:
        status, page = api(server, "GET", path, query)
        assert status == 200, page
        found += page["data"]
        if not page.get("has_more") or not page["data"]:
            return found
        query = {**query, "starting_after": page["data"][-1]["id"]}


def intents_all(server) -> list[dict]:
    return listed(server, "/v1/payment_intents")


def refunds_of(server, intent_id: str) -> list[dict]:
    status, page = api(server, "GET", "/v1/refunds", {"payment_intent": intent_id})
    assert status == 200, page
    return page["data"]


def events_of(server, intent_id: str, type_: str) -> list[dict]:
    """Stripe's events of one PaymentIntent, as localstripe keeps them."""
    found = listed(server, "/v1/events", {"type": type_})
    return [e for e in found if e["data"]["object"].get("id") == intent_id]


def signature(payload: bytes, secret: str, *, timestamp: int | None = None) -> str:
    """A ``Stripe-Signature`` header as Stripe makes it."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = hmac.new(secret.encode(), b"%d.%s" % (timestamp, payload), hashlib.sha256)
    return f"t={timestamp},v1={signed.hexdigest()}"


def deliver(client, server, event: dict, *, timestamp: int | None = None, tamper: bool = False):
    """Stripe delivering ``event`` to the webhook endpoint."""
    payload = json.dumps(event).encode()
    header = signature(payload, server.webhook_secret, timestamp=timestamp)
    if tamper:
        payload = payload.replace(b'"succeeded"', b'"succeedee"', 1)
    return client.post(
        "/payments/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )


def card_checkout(shops, *, quantities=(1, 1)):
    """A checkout of both shops' goods, to pay by card (both picked up at the hall)."""
    _villages, kopi, batik, robusta, kain = shops
    return checkout_place(
        basket=basket_fill(items=[(robusta, quantities[0]), (kain, quantities[1])]),
        buyer=buyer_at(),
        choices=choices_for(
            [(kopi, Fulfilment.PICKUP_HALL, "card"), (batik, Fulfilment.PICKUP_HALL, "card")]
        ),
    )
