"""The sign-in backend that refuses locked accounts and addresses (django-axes)."""

from axes.backends import AxesStandaloneBackend


class ThrottledSignInBackend(AxesStandaloneBackend):
    """Axes' backend, which refuses a sign-in while its account or address is locked.

    Axes refuses (raises) any ``authenticate()`` call without a request. Every login form
    passes one; the only call without is Oscar's sign-in of an account it has just
    registered with the password it was just given, which no one can use to guess a
    password. Such a call is left to the next backend.
    """

    def authenticate(self, request=None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
