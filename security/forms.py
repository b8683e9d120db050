"""The back office's sign-in form, in Indonesian throughout."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class BackOfficeLoginForm(LoginForm):
    """Wagtail's form, whose password field has no label of its own (Django then shows the
    field's name, "Password", whatever the language)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Kata sandi")
