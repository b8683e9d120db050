"""No input makes a server error: every URL pattern of the site, as every kind of user, by
GET and POST, with malformed values in each form field, query parameter and URL argument.

The walk takes its routes from the URL resolver, so a view added later is walked without
editing this test. For each route and each user (anonymous, buyer, seller, village
operator, district staff) it requests the route with real ids, and with hostile ones (huge
numbers, odd text). On a page the user may open it then sends:

- GET with every query parameter the page's GET forms and links use (plus common ones)
  set to malformed values, each parameter a different kind of value per request;
- POST of each of the page's POST forms: every field malformed (rotating through the
  kinds of value), every field missing, every field twice, the page's own values, and a
  file that is not what it claims to be.

Every response must be below 500. Each request runs in a savepoint that is rolled back,
so a request that deletes or changes data leaves the next one the same world.

Every HTML page the walk receives must also live inside the Content-Security-Policy: an
inline ``<script>`` without the response's nonce, or an inline event handler
(``onclick=...``), is refused by the browser and reported here.

Routes sharing one view function are fuzzed in depth a few times (``DEEP_PER_VIEW``), then
only requested: Django admin's hundreds of model pages run on a handful of views.
"""

from __future__ import annotations

import io
import logging
import re
import sys
import time
from collections import Counter, defaultdict
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.db import transaction
from django.db.models import Model
from django.test import Client
from django.urls import NoReverseMatch, reverse
from oscar.core.loading import get_model

from registry.models import Household, Resident
from registry.services import residents_export_log
from tests.dashboard.factories import jpeg_bytes, product_image_add
from tests.registry.factories import resident_create, villages
from tests.sellers.applying import operator_create
from tests.walking import Route, link_parameters, page_forms, routes

Category = get_model("catalogue", "Category")
Line = get_model("order", "Line")
OrderNote = get_model("order", "OrderNote")
ProductClass = get_model("catalogue", "ProductClass")

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # beyond any database integer
LONG = "ꦧꦤ꧀ꦪꦸꦮꦔꦶ 🌶️ \u202e" * 300  # long, Javanese script, emoji, a right-to-left override
#: The bad values a field or parameter gets in turn (one per request), by what it takes.
MALFORMED = {
    "number": ["abc", HUGE, "-1", "1e400", "NaN"],
    "date": ["0001-01-01", "9999-12-31 23:59:59", "2026-02-30", "abc", HUGE],
    "text": [LONG, "a\x00b", "", HUGE, "0001-01-01"],
    "choice": ["abc", HUGE, "", "-1", LONG],
}
VARIANTS = 5
NUMBER_NAMES = re.compile(
    r"(^|_)(id|ids|pk|page|p|qty|quantity|num|number|price|amount|count|"
    r"year|month|day|per_page|order|score|stock|weight)(_|$)|^selected_"
)
DATE_NAMES = re.compile(r"date|_from$|_to$|_at$|_on$|expires|deadline|time")


def value_kind(name: str, field_kind: str = "text") -> str:
    """Which bad values suit a field: by its input type, else by its name."""
    if field_kind in ("number", "range"):
        return "number"
    if field_kind in ("date", "datetime-local", "time", "month"):
        return "date"
    if field_kind in ("select", "radio", "checkbox"):
        return "choice"
    if DATE_NAMES.search(name):
        return "date"
    if NUMBER_NAMES.search(name):
        return "number"
    return "text"


def malformed(name: str, field_kind: str, variant: int) -> str:
    values = MALFORMED[value_kind(name, field_kind)]
    return values[variant % len(values)]


#: URL arguments, for the hostile variant of each route.
HOSTILE_INT = 99999999999999999999
HOSTILE_STR = "ꦧꦤ꧀ꦪ'\"<x>" + "z" * 300
#: Query parameters many list views read, tried on every page.
COMMON_QUERY = [
    "page", "p", "q", "sort", "sort_by", "ordering", "order_by", "o", "per_page",
    "status", "date_from", "date_to", "next", "key", "id", "pk", "export", "format",
]  # fmt: skip
DEEP_PER_VIEW = 2
MAX_FORMS = 3
MAX_FIELDS = 40
LOGIN_PATHS = ("/accounts/login/", "/dashboard/login/", "/cms/login/", "/django-admin/login/")
SKIP_PATHS = ("/static/",)
#: Routes that answer 500 on purpose, and why.
SKIP_ROUTES = {
    "wagtailadmin_error_test": "Wagtail's /cms/failwhale/ raises to test error reporting",
}

MANAGEMENT = re.compile(r"-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son(?:click|load|error|change|submit|input)\s*=", re.I)


class Walk:
    def __init__(self, users: dict[str, object], values: dict[str, object]):
        self.users = users
        self.values = values
        self.clients: dict[str, Client] = {}
        self.sessions: dict[str, str] = {}
        self.failures: list[str] = []
        self.causes: Counter[tuple[str, str, str]] = Counter()
        self.seconds: Counter[str] = Counter()
        self.csp_failures: set[str] = set()
        self.requests = 0
        self.by_status: Counter[int] = Counter()
        self.exceptions: list[BaseException] = []
        for role, user in users.items():
            client = Client(raise_request_exception=False, REMOTE_ADDR="10.20.0.1")
            if user is not None:
                client.force_login(user)
                self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            self.clients[role] = client

    # Requests --------------------------------------------------------------------------

    def request(self, role: str, method: str, url: str, data=None, *, label: str):
        client = self.clients[role]
        # A request that signed the user out or rotated the session (rolled back below)
        # leaves the cookie pointing nowhere: sign in again, as the same session.
        client.cookies.pop("oscar_open_basket", None)
        if role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        else:
            client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
        self.requests += 1
        self.exceptions.clear()
        started = time.monotonic()
        with transaction.atomic():
            if method == "GET":
                response = client.get(url, data or {})
            else:
                response = client.post(url, data or {})
            body = b""
            if getattr(response, "streaming", False):
                try:
                    body = b"".join(response.streaming_content)
                except Exception as exc:  # noqa: BLE001 - reported as a failure
                    self.exceptions.append(exc)
                    response.status_code = 500
            else:
                body = response.content
            transaction.set_rollback(True)
        self.seconds[label.split(" (")[0]] += time.monotonic() - started
        self.by_status[response.status_code] += 1
        if response.status_code >= 500:
            cause = self.exceptions[0] if self.exceptions else None
            where = _origin(cause) if cause else ""
            key = (label.split(" (")[0], type(cause).__name__, where)
            self.causes[key] += 1
            if self.causes[key] > 1:
                return response, body
            shown = {
                k: (v if len(str(v)) < 60 else str(v)[:57] + "...") for k, v in (data or {}).items()
            }
            self.failures.append(
                f"{role} {method} {url} -> {response.status_code} [{label}] "
                f"{type(cause).__name__ if cause else ''}: {str(cause)[:160] if cause else ''} "
                f"{where} data={shown}"
            )
        elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
            self.check_policy(url, response, body.decode(errors="replace"))
        return response, body

    def check_policy(self, url: str, response, html: str) -> None:
        header = response.get("Content-Security-Policy", "")
        if not header:
            self.csp_failures.add(f"{urlparse(url).path}: no Content-Security-Policy header")
            return
        nonce = re.search(r"'nonce-([^']+)'", header)
        for attrs in INLINE_SCRIPT.findall(html):
            if re.search(r'type="(application/(ld\+)?json|text/template)"', attrs):
                continue
            if not nonce or f'nonce="{nonce.group(1)}"' not in attrs:
                self.csp_failures.add(
                    f"{urlparse(url).path}: inline <script{attrs[:60]}> without nonce"
                )
        handler = INLINE_HANDLER.search(html)
        if handler:
            self.csp_failures.add(
                f"{urlparse(url).path}: inline event handler {handler.group()[:80]}"
            )

    # Fuzzing a page ----------------------------------------------------------------------

    def fuzz_page(self, role: str, url: str, html: str, label: str) -> None:
        path = urlparse(url).path
        forms = page_forms(html, url)
        names = set(COMMON_QUERY) | link_parameters(html, path)
        for form in forms:
            if form.method == "get" and urlparse(form.action).path in ("", path):
                names.update(name for name, _kind, _values in form.fields)
        names = sorted(names)[:MAX_FIELDS]
        for variant in range(VARIANTS):
            query = {name: malformed(name, "text", variant) for name in names}
            self.request(role, "GET", path, query, label=f"{label} query")

        posts = [f for f in forms if f.method == "post"][:MAX_FORMS]
        for form in posts:
            target = urlparse(form.action)
            if target.netloc or not target.path.startswith("/"):
                target_url = url
            else:
                target_url = form.action
            if urlparse(target_url).path.startswith(LOGIN_PATHS):
                continue  # sign-in forms: the throttling tests' business, and they lock
            # A formset's management fields keep the page's values: Django caps their
            # numbers itself, and a thousand empty forms only make the walk slow.
            management = {
                name: values for name, _kind, values in form.fields if MANAGEMENT.search(name)
            }
            fields = [f for f in form.fields if f[1] != "submit" and f[0] not in management][
                :MAX_FIELDS
            ]
            submits = {name: values for name, kind, values in form.fields if kind == "submit"}
            submit = dict(list(submits.items())[:1])
            for variant in range(VARIANTS):
                data = {name: malformed(name, kind, variant) for name, kind, _values in fields}
                self.request(
                    role,
                    "POST",
                    target_url,
                    {**submit, **management, **data},
                    label=f"{label} post",
                )
            defaults = form.defaults()
            self.request(role, "POST", target_url, {}, label=f"{label} post empty")
            self.request(role, "POST", target_url, defaults, label=f"{label} post as offered")
            doubled = {name: ["1", HUGE] for name, _kind, _values in fields}
            self.request(
                role,
                "POST",
                target_url,
                {**submit, **management, **doubled},
                label=f"{label} post twice",
            )
            files = [name for name, kind, _values in form.fields if kind == "file"]
            if files:
                junk = {
                    name: SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo", "image/jpeg")
                    for name in files
                }
                self.request(role, "POST", target_url, {**defaults, **junk}, label=f"{label} file")


def _origin(exc: BaseException) -> str:
    """Where ``exc`` came from: the last frames of its traceback, outside Django's database
    layer (which every query passes through)."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename.split("site-packages/")[-1]
        if not filename.startswith("django/db/"):
            frames.append(f"{filename}:{tb.tb_lineno}")
        tb = tb.tb_next
    return "at " + " < ".join(reversed(frames[-4:])) if frames else ""


def _view_key(route: Route) -> str:
    callback = route.callback
    view = getattr(callback, "view_class", None) or getattr(callback, "__wrapped__", callback)
    model_admin = getattr(callback, "model_admin", None)
    if model_admin is not None:
        return f"admin:{callback.__name__}"
    return f"{getattr(view, '__module__', '')}.{getattr(view, '__qualname__', repr(view))}"


def _route_model(route: Route):
    callback = route.callback
    model_admin = getattr(callback, "model_admin", None)
    if model_admin is not None:
        return model_admin.model
    initkwargs = getattr(callback, "view_initkwargs", {}) or {}
    view_class = getattr(callback, "view_class", None)
    model = initkwargs.get("model") or getattr(view_class, "model", None)
    return model if isinstance(model, type) and issubclass(model, Model) else None


def argument_values(route: Route, values: dict[str, object]) -> dict[str, object]:
    """Real values for the route's URL arguments: by name, else the view's model's first
    row for ``pk``/``object_id``/``id``, else 1."""
    model = _route_model(route)
    chosen: dict[str, object] = {}
    for name in route.kwargs:
        if name in values:
            chosen[name] = values[name]
        elif name in ("pk", "object_id", "id") and model is not None:
            first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            chosen[name] = first if first is not None else 1
        else:
            chosen[name] = 1
    return chosen


def reverse_route(route: Route, kwargs: dict[str, object], positional: list[object]) -> str | None:
    name = route.reverse_name
    if name is None:
        return None
    try:
        if route.positional:
            return reverse(name, args=positional)
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


@pytest.fixture
def fuzz_world(world, wagtail_site):
    """The two shops and their orders, plus the registry, the CMS's objects and a lockout."""
    from axes.models import AccessAttempt
    from django.utils import timezone
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    village = villages()[0]
    operator = operator_create("operator_fuzz", village)
    household = Household.objects.create(kk_number="3510011203150001", village=village)
    resident = resident_create(
        village=village, full_name="Agus Salim", serial=7, household=household
    )
    residents_export_log(residents=[resident], user=world.staff, purpose="Uji")
    from wagtail.models import Collection

    # A transactional test's flush may have taken the migrations' root collection.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    image = Image.objects.create(
        title="Foto balai desa", file=ImageFile(io.BytesIO(jpeg_bytes((80, 60))), name="balai.jpg")
    )
    document = Document(title="Materi QRIS")
    document.file.save("materi.txt", ContentFile(b"Materi pelatihan QRIS"), save=False)
    document.save()
    home = wagtail_site.root_page.specific
    revision = home.save_revision()
    # A workflow with a task, as a fresh database has (a transactional test's flush takes
    # the migrations' one): the walk must not depend on what an earlier run left.
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    workflow = Workflow.objects.create(name="Tinjauan staf dinas")
    task = GroupApprovalTask.objects.create(name="Disetujui staf")
    task.groups.set([Group.objects.get_or_create(name="Staf dinas")[0]])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=home)
    AccessAttempt.objects.create(
        username="orang-lain", ip_address="10.9.9.9", user_agent="x", get_data="", post_data="",
        http_accept="*/*", path_info="/cms/login/", failures_since_start=5,
        attempt_time=timezone.now(),
    )  # fmt: skip
    product = world.a.products[0]
    product_image_add(product)
    category = Category.objects.first()
    line = Line.objects.filter(partner=world.a.partner).first()
    values = {
        "page_id": home.pk,
        "parent_page_id": home.pk,
        "page_to_move_id": home.pk,
        "destination_id": home.pk,
        "page_pk": home.pk,
        "revision_id": revision.pk,
        "workflow_pk": workflow.pk,
        "task_pk": task.pk,
        "revision_id_a": revision.pk,
        "revision_id_b": revision.pk,
        "image_id": image.pk,
        "document_id": document.pk,
        "doc_id": document.pk,
        "collection_id": image.collection_id,
        "app_label": "registry",
        "model_name": "resident",
        "content_type_app_name": "cms",
        "content_type_model_name": "articlepage",
        "content_type_id": ContentType.objects.get_for_model(Resident).pk,
        "app_name": "registry",
        "number": world.a_order.number,
        "order_number": world.a_order.number,
        "product_pk": product.pk,
        "parent_pk": product.pk,
        "parent": category.pk,
        "line_id": line.pk,
        "line_pk": line.pk,
        "partner_pk": world.a.partner.pk,
        "user_pk": world.a.buyers[0].pk,
        "note_id": OrderNote.objects.first().pk,
        "slug": world.a.seller.slug,
        "product_slug": product.slug,
        "category_slug": category.slug,
        "product_class_slug": ProductClass.objects.first().slug,
        "uidb64": "MQ",
        "token": "set-password",
        "key": "abc",
        "hash": "abc",
        "filter_spec": "original",
        "signature": "abc",
        "url": "x",
        "action_name": "delete",
        "action": "delete",
        "path": "x",
    }
    users = {
        "anonymous": None,
        "buyer": world.a.buyers[0],
        "seller": world.a.user,
        "operator": operator,
        "staff": world.staff,
    }
    return users, values


@pytest.fixture
def quiet_logs():
    """Thousands of refused requests are expected: the walk reports what matters."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security", "axes")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


def test_no_input_makes_a_server_error(fuzz_world, status_pipelines, quiet_logs):
    users, values = fuzz_world
    walk = Walk(users, values)

    def keep(sender, request, **kwargs):
        walk.exceptions.append(sys.exc_info()[1])

    got_request_exception.connect(keep)
    started = time.monotonic()
    deep: Counter[tuple[str, str]] = Counter()
    walked: dict[str, int] = defaultdict(int)
    try:
        for route in routes():
            if (
                route.path.startswith(SKIP_PATHS)
                or route.reverse_name is None
                or route.reverse_name in SKIP_ROUTES
            ):
                continue
            kwargs = argument_values(route, values)
            url = reverse_route(route, kwargs, [""] * route.positional)
            if url is None:
                continue
            hostile = reverse_route(
                route,
                {k: HOSTILE_INT if isinstance(v, int) else HOSTILE_STR for k, v in kwargs.items()},
                [HOSTILE_STR] * route.positional,
            )
            for role in users:
                response, body = walk.request(role, "GET", url, label=route.label)
                walked[role] += 1
                if role in ("anonymous", "staff") and hostile and hostile != url:
                    walk.request(role, "GET", hostile, label=f"{route.label} hostile")
                    walk.request(
                        role, "POST", hostile, {"id": "abc"}, label=f"{route.label} hostile"
                    )
                ok = response.status_code == 200 and "html" in response.get("Content-Type", "")
                if response.status_code == 405:
                    walk.request(role, "POST", url, {}, label=f"{route.label} post empty")
                    walk.request(
                        role, "POST", url, dict.fromkeys(COMMON_QUERY, "abc"),
                        label=f"{route.label} post",
                    )  # fmt: skip
                if not ok:
                    continue
                key = (_view_key(route), role)
                deep[key] += 1
                if deep[key] <= DEEP_PER_VIEW:
                    walk.fuzz_page(role, url, body.decode(errors="replace"), route.label)
    finally:
        got_request_exception.disconnect(keep)

    seconds = time.monotonic() - started
    print(
        f"\n{len(routes())} URL patterns, {walk.requests} requests in {seconds:.0f} s; "
        f"answers by status: {dict(sorted(walk.by_status.items()))}; pages per role: {dict(walked)}"
    )
    slowest = ", ".join(f"{name} {sec:.0f} s" for name, sec in walk.seconds.most_common(12))
    print(f"slowest routes: {slowest}")
    assert walk.by_status[200] > 500, "the walk reached too few pages to mean anything"
    assert not walk.failures, f"{len(walk.failures)} server errors:\n" + "\n".join(
        walk.failures[:80]
    )
    assert not walk.csp_failures, "pages the Content-Security-Policy breaks:\n" + "\n".join(
        sorted(walk.csp_failures)
    )
