"""Each cause of a server error that probing found has a regression test: bad input is
refused with a message or ignored, and changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from security.upstream import ids_parse

Notification = get_model("communication", "Notification")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def test_ids_parse_keeps_only_ids():
    assert ids_parse(["1", " 22 ", "abc", "-3", "4.0", HUGE, "²", "", "0", 7]) == [1, 22, 7]


def test_in_lookup_with_a_huge_id_finds_nothing(world):
    assert list(Order.objects.filter(pk__in=[int(HUGE)])) == []
    assert list(Order.objects.filter(pk__in=[int(HUGE), world.a_order.pk])) == [world.a_order]


@pytest.mark.parametrize("selected", ["abc", HUGE, "", "-1"])
def test_bulk_actions_on_orders_and_users_ignore_what_is_not_an_id(client, world, selected):
    client.force_login(world.staff)
    before = list(Order.objects.values_list("pk", "status"))
    response = client.post(
        "/dashboard/orders/",
        {"action": "change_order_statuses", "selected_order": selected, "new_status": "Diproses"},
    )
    assert response.status_code == 302
    assert list(Order.objects.values_list("pk", "status")) == before
    response = client.post(
        "/dashboard/users/", {"action": "make_inactive", "selected_user": selected}
    )
    assert response.status_code == 302
    assert get_user_model().objects.filter(is_active=False).count() == 0


def test_notification_bulk_action_ignores_what_is_not_an_id(client, world):
    buyer = world.a.buyers[0]
    Notification.objects.create(recipient=buyer, subject="Pesanan dikirim")
    client.force_login(buyer)
    for selected in ("abc", HUGE):
        response = client.post(
            "/accounts/notifications/update/",
            {"action": "archive", "selected_notification": selected},
        )
        assert response.status_code == 302
    assert Notification.objects.get().location == "Inbox"


def test_a_huge_line_id_on_an_order_is_refused(client, world, status_pipelines):
    client.force_login(world.staff)
    url = f"/dashboard/orders/{world.a_order.number}/"
    response = client.post(
        url,
        {"line_action": "change_line_statuses", "selected_line": HUGE, "new_status": "Diproses"},
    )
    assert response.status_code in (200, 302)
    assert set(world.a_order.lines.values_list("status", flat=True)) == {"Baru"}


def test_removing_a_photo_by_a_huge_id_is_a_form_error(client, world):
    from tests.dashboard.factories import product_image_add

    product = world.a.products[0]
    product_image_add(product)
    photos = product.images.count()
    client.force_login(world.a.user)
    url = f"/dashboard/catalogue/products/{product.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"title": product.title, "images_remove": HUGE})
    assert response.status_code == 400, "the form again, with its errors"
    assert "images_remove" in response.context["form"].errors
    assert product.images.count() == photos


@pytest.mark.parametrize("path", ["/dashboard/orders/", "/dashboard/reports/"])
@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_dates_off_the_calendar_are_a_form_error(client, world, path, date):
    client.force_login(world.staff)
    response = client.get(path, {"date_from": date, "date_to": date, "report_type": "order_report"})
    assert response.status_code == 200
    assert "Pilih tanggal antara" in response.content.decode()


def test_the_sellers_order_filter_bounds_dates_too(client, world):
    client.force_login(world.a.user)
    response = client.get("/dashboard/orders/", {"date_from": "0001-01-01"})
    assert response.status_code == 200
    assert "Pilih tanggal antara" in response.content.decode()


def test_a_next_that_leaves_the_site_or_names_no_path_is_dropped(client, world, wagtail_site):
    client.force_login(world.staff)
    page = wagtail_site.root_page
    for bad in ("abc", "https://jahat.example/", "//jahat.example/", "javascript:alert(1)"):
        response = client.post(f"/cms/pages/{page.pk}/lock/", {"next": bad})
        assert response.status_code == 302, bad
        assert "jahat" not in response["Location"] and "javascript" not in response["Location"]
    response = client.post(f"/cms/pages/{page.pk}/unlock/", {"next": "/cms/pages/"})
    assert response["Location"] == "/cms/pages/"


def test_the_back_office_search_takes_a_term_of_reasonable_length(client, world, wagtail_site):
    client.force_login(world.staff)
    for path in ("/cms/pages/search/", "/cms/documents/", "/cms/images/"):
        response = client.get(path, {"q": "kopi " * 2000})
        assert response.status_code == 200, path


def test_deleting_a_sellers_account_in_the_back_office_is_refused_with_a_reason(
    client,
    world,
    wagtail_site,
):
    client.force_login(world.staff)
    seller_user = world.a.user
    response = client.post(f"/cms/users/delete/{seller_user.pk}/", follow=True)
    assert response.status_code == 200
    assert "tidak bisa dihapus karena masih dipakai" in response.content.decode()
    assert get_user_model().objects.filter(pk=seller_user.pk).exists()


def test_a_long_search_is_cut_before_oscar_records_it(client, wagtail_site):
    from oscar.core.loading import get_model

    UserSearch = get_model("analytics", "UserSearch")
    response = client.get("/search/", {"q": "keripik " * 200})
    assert response.status_code == 200
    assert all(len(s.query) <= 255 for s in UserSearch.objects.all())


@pytest.mark.parametrize("per_page", ["-1", "0", HUGE, "abc"])
def test_dashboard_lists_ignore_a_bad_per_page(client, world, per_page):
    client.force_login(world.staff)
    for path in ("/dashboard/users/", "/dashboard/catalogue/categories/", "/dashboard/catalogue/"):
        assert client.get(path, {"per_page": per_page, "page": "-1"}).status_code == 200, path


def test_a_buyers_order_line_page_goes_to_the_order_and_a_wrong_line_is_404(client, world):
    buyer = world.a.buyers[0]
    client.force_login(buyer)
    line = world.a_order.lines.first()
    response = client.get(f"/accounts/orders/{world.a_order.number}/{line.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/orders/{world.a_order.number}/"
    wrong = world.b_order.lines.first()
    response = client.post(
        f"/accounts/orders/{world.a_order.number}/{wrong.pk}/", {"action": "reorder"}
    )
    assert response.status_code == 404


def test_wish_lists_are_hidden(client, world):
    client.force_login(world.a.buyers[0])
    assert client.get("/accounts/wishlists/").status_code == 404
    page = client.get(world.a.products[0].get_absolute_url())
    assert page.status_code == 200
    assert "wishlist" not in page.content.decode().lower()


def test_a_category_form_sent_back_with_an_empty_name_is_a_page(client, world):
    client.force_login(world.staff)
    from oscar.core.loading import get_model

    category = get_model("catalogue", "Category").objects.first()
    response = client.post(f"/dashboard/catalogue/categories/{category.pk}/update/", {})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_choosers_and_pickers_shown_again_with_a_bad_id_are_a_page(client, world, wagtail_site):
    client.force_login(world.staff)
    response = client.post(
        "/cms/sites/new/", {"hostname": "contoh.test", "port": "80", "root_page": "abc"}
    )
    assert response.status_code == 200
    response = client.post(
        "/dashboard/catalogue/products/create/produk-umkm/",
        {"title": "", "recommended_products": "abc", "categories": "abc"},
    )
    assert response.status_code == 200


def test_a_form_taken_apart_by_hand_gets_400(client, world, wagtail_site):
    client.force_login(world.staff)
    response = client.post(
        "/cms/workflows/add/",
        {"name": "Tinjau", "workflow_tasks-TOTAL_FORMS": "1", "workflow_tasks-INITIAL_FORMS": "1"},
    )
    assert response.status_code == 400
    assert "Permintaan tidak lengkap" in response.content.decode()
    response = client.post("/cms/redirects/import/process/", {})
    assert response.status_code in (200, 302, 400)


def test_deleting_a_shop_still_in_use_is_refused_with_a_reason(client, world):
    client.force_login(world.staff)
    partner = world.a.partner
    response = client.post(f"/dashboard/partners/{partner.pk}/delete/", follow=True)
    assert response.status_code == 200
    assert "tidak bisa dihapus karena masih dipakai" in response.content.decode()
    assert type(partner).objects.filter(pk=partner.pk).exists()


def test_the_workflow_editor_takes_odd_pages_and_tampered_ids(client, world, wagtail_site):
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    workflow = Workflow.objects.create(name="Tinjauan")
    task = GroupApprovalTask.objects.create(name="Setuju")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    client.force_login(world.staff)
    url = f"/cms/workflows/edit/{workflow.pk}/"
    for page in ("abc", "-1", HUGE):
        assert client.get(url, {"p": page}).status_code == 200, page
    response = client.post(
        url,
        {
            "name": "Tinjauan",
            "workflow_tasks-TOTAL_FORMS": "1",
            "workflow_tasks-INITIAL_FORMS": "1",
            "workflow_tasks-0-id": "abc",
            "workflow_tasks-0-task": str(task.pk),
        },
    )
    assert response.status_code == 400
    assert Workflow.objects.get(pk=workflow.pk).name == "Tinjauan"
