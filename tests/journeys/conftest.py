"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Playwright's sync API runs an event loop in this thread; the live server's database
# access happens in its own thread, but fixtures that write data run here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "journeys" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A cheap phone: 360 px wide."""
    return {
        **browser_context_args,
        "viewport": {"width": 360, "height": 740},
        "locale": "id-ID",
    }


@pytest.fixture(autouse=True)
def no_csp_violations(request, monkeypatch):
    """Every journey fails on a Content-Security-Policy refusal in the browser's console:
    a page that needs a script, style or host the policy does not allow is broken. Every
    browser context the journey opens (``page`` or ``browser.new_context()``) is watched."""
    refused: list[str] = []
    watched: set[int] = set()

    def watch(context):
        if id(context) in watched:
            return context
        watched.add(id(context))

        def listen(message):
            text = message.text
            if "Content Security Policy" in text or "Permissions-Policy" in text:
                refused.append(f"{message.page.url if message.page else '?'}: {text}")

        context.on("console", listen)
        return context

    if "browser" in request.fixturenames or "page" in request.fixturenames:
        browser = request.getfixturevalue("browser")
        new_context = browser.new_context
        monkeypatch.setattr(browser, "new_context", lambda *a, **kw: watch(new_context(*a, **kw)))
        if "page" in request.fixturenames:
            watch(request.getfixturevalue("page").context)
    yield
    assert refused == [], "\n".join(refused)
