from tests.checkout.conftest import shops  # noqa: F401 - the buying tests' two shops
