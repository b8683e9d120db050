"""Oscar's buyer account views, where Oscar's own fail on a visit they did not expect."""

from django.shortcuts import get_object_or_404, redirect
from oscar.apps.customer import views as oscar_views
from oscar.core.loading import get_model

Order = get_model("order", "Order")


class OrderLineView(oscar_views.OrderLineView):
    """A line of the buyer's order: only its actions (POST, "order again") exist.

    Oscar's view has no page of its own to show (a server error on a GET: it looks for
    a template that Oscar does not ship) and fails on a line number the order does not
    have; a GET goes to the order's page, an unknown line is a 404.
    """

    def get(self, request, *args, **kwargs):
        return redirect("customer:order", self.kwargs["order_number"])

    def get_object(self, queryset=None):
        order = get_object_or_404(Order, user=self.request.user, number=self.kwargs["order_number"])
        return get_object_or_404(order.lines, id=self.kwargs["line_id"])
