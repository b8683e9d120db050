"""Stripe's webhook endpoint: verify, keep once, answer quickly (the work is a task)."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest
from django.http.request import RawPostDataException
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .services.webhook import WebhookRefused, stripe_event_receive

#: Stripe's events are a few kilobytes; anything far larger is not one.
MAX_PAYLOAD = 512 * 1024


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        payload = request.body[: MAX_PAYLOAD + 1]
    except RawPostDataException:
        # A form post (its body already parsed by a middleware) is not a Stripe event,
        # which comes as JSON.
        return HttpResponseBadRequest("not a Stripe event")
    if len(payload) > MAX_PAYLOAD:
        return HttpResponseBadRequest("too large")
    try:
        stripe_event_receive(
            payload=payload, signature=request.headers.get("Stripe-Signature", "")[:1000]
        )
    except WebhookRefused:
        return HttpResponseBadRequest("invalid signature")
    return HttpResponse("ok", content_type="text/plain")
