"""Settings shared by every environment. Machine-specific values come from the environment."""

from datetime import timedelta

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F401,F403

from marketplace.env import BASE_DIR, database_config, env, redis_db_url, redis_url

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "django.forms",
]

OSCAR_APPS = [
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "shipping.apps.ShippingConfig",
    "catalogue.apps.CatalogueConfig",
    "catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "partner.apps.PartnerConfig",
    "basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "order.apps.OrderConfig",
    "customer.apps.CustomerConfig",
    "search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "dashboard.apps.DashboardConfig",
    "dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "dashboard.orders.apps.OrdersDashboardConfig",
    "dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
]

WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

THIRD_PARTY_APPS = [
    *OSCAR_APPS,
    *WAGTAIL_APPS,
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    "django_filters",
    "axes",
    "csp",
]

LOCAL_APPS = [
    "marketplace",
    "security",
    "registry",
    "sellers",
    "payments",
    "cms",
]

INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "security.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketplace.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "security.middleware.LocalNextOnlyMiddleware",
    "security.middleware.RefusedInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "security.middleware.IdentityNumbersOutOfUrlsMiddleware",
    "dashboard.middleware.SuspendedSellerReadOnlyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "security.throttling.FormThrottleMiddleware",
    # Last: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
# Widgets render through TEMPLATES, so that templates/ can override a library's widget
# (Wagtail's date pickers and Oscar's image input, without inline scripts for the CSP).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.checkout.context_processors.checkout",
                "marketplace.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "marketplace.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": database_config(BASE_DIR / "var" / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a sign-in while its account or address is locked (security/throttling.py).
    "security.backends.ThrottledSignInBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "customer:login"
LOGIN_REDIRECT_URL = "/"

# Throttling (security/throttling.py): sign-in per account and per address through
# django-axes; password reset and registration per address (and reset per email) through
# django-ratelimit's counters in the cache.
LOGIN_FAILURES_PER_ACCOUNT = env.int("LOGIN_FAILURES_PER_ACCOUNT", default=5)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=30)
LOGIN_COOLOFF = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
PASSWORD_RESET_RATE = env.str("PASSWORD_RESET_RATE", default="10/h")
PASSWORD_RESET_EMAIL_RATE = env.str("PASSWORD_RESET_EMAIL_RATE", default="3/h")
REGISTRATION_RATE = env.str("REGISTRATION_RATE", default="10/h")
CHECKOUT_PLACE_RATE = env.str("CHECKOUT_PLACE_RATE", default="30/h")
CHECKOUT_RECEIPT_RATE = env.str("CHECKOUT_RECEIPT_RATE", default="20/h")
# Proxies in front of the site that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
AXES_HANDLER = "security.throttling.LoginThrottleHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_ACCOUNT
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = LOGIN_COOLOFF
# A success must not wipe failures: axes would wipe every failure from the same address,
# and a guesser with an account of their own could then go on guessing someone else's.
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "security.throttling.login_account"
AXES_CLIENT_IP_CALLABLE = "security.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "security.throttling.lockout_response"
RATELIMIT_USE_CACHE = "default"

# Content-Security-Policy (security/csp.py): only the site itself, inline scripts only with
# the response's nonce; the back offices also get inline style attributes, the payment
# page Stripe's hosts when card payment is configured.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
CSP_BACK_OFFICE_PREFIXES = ["/cms/", "/django-admin/", "/dashboard/"]
# Browser features no page uses are switched off; payment stays for the card page.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": ["self"],
    "usb": [],
}

# Locale: Indonesian first, English available; Jakarta time; Rupiah without decimals.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "ID"
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

SITE_ID = 1
# Django's own admin at /django-admin/ (off: district staff use /cms/ and /dashboard/).
DJANGO_ADMIN_ENABLED = env.bool("DJANGO_ADMIN_ENABLED", default=False)
SITE_NAME = env.str("SITE_NAME", default="Kampung Mall")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Sellers' compliance documents: never under MEDIA_ROOT, never served without a check.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Redis: Celery broker (db 0) and cache (db 1) when REDIS_URL is set; in-process otherwise.
REDIS_URL = redis_url()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_db_url(REDIS_URL, 1),
        }
    }
    # Sessions read from the cache, written through to the database (which stays the
    # record): a signed-in page asks the database one query less.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {
    # Document reminders and expiry notices to sellers, each morning (CELERY_TIMEZONE).
    "sellers-documents-check": {
        "task": "sellers.documents_check",
        "schedule": crontab(hour=6, minute=0),
    },
    # Registry-check attempts (a NIK's blind index per account) outlive their use in an hour.
    "sellers-application-attempts-prune": {
        "task": "sellers.application_attempts_prune",
        "schedule": crontab(hour=3, minute=30),
    },
}

# Buying: unpaid QRIS and transfer orders are cancelled this long after placing (beat task).
CHECKOUT_PAYMENT_HOURS = env.int("CHECKOUT_PAYMENT_HOURS", default=24)
# A cash order the seller has not started preparing this long after placing is cancelled
# (the seller did not answer), so that unanswered orders do not hold stock.
CHECKOUT_SELLER_HOURS = env.int("CHECKOUT_SELLER_HOURS", default=48)
# The site's own address, for links in emails (the guest's order link, the seller's
# dashboard); without it emails link to WAGTAILADMIN_BASE_URL.
SITE_URL = env.str("SITE_URL", default="")
# Buyers are reminded to review an order this many days after it is completed (once).
REVIEW_REMINDER_DAYS = env.int("REVIEW_REMINDER_DAYS", default=3)
CELERY_BEAT_SCHEDULE["reviews-reminders-send"] = {
    "task": "reviews.reminders_send",
    "schedule": crontab(hour=9, minute=0),
}
CELERY_BEAT_SCHEDULE["checkout-unpaid-cancel"] = {
    "task": "checkout.unpaid_cancel",
    "schedule": crontab(minute="*/10"),
}

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kampung Mall <noreply@localhost>")

# Search: the database by default; Elasticsearch through elasticsearch-dsl when configured.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
# The alias searches read; `manage.py search_reindex` builds a new index behind it.
ELASTICSEARCH_INDEX = env.str("ELASTICSEARCH_INDEX", default="kampung-products")
# Write the search index in the transaction that changed a product instead of in a Celery
# task after it commits (tests, whose transactions never commit).
SEARCH_INDEX_IMMEDIATE = False
# The search listing's covering index (PostgreSQL) is a plain index on SQLite, as intended.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
# Oscar's search views still import haystack; keep its simple (database) engine and
# never let it index on save.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

# Stripe (card payments); QRIS, transfer and cash need no keys.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")

# Resident registry: NIK encryption keys (Fernet, newest first, comma-separated; older keys
# keep decrypting during a rotation) and the HMAC key of the NIK blind index.
REGISTRY_NIK_KEYS = env.list("REGISTRY_NIK_KEYS", default=[])
REGISTRY_NIK_INDEX_KEY = env.str("REGISTRY_NIK_INDEX_KEY", default="")

# Oscar
OSCAR_SHOP_NAME = SITE_NAME
OSCAR_SHOP_TAGLINE = _("Produk desa, langsung dari UMKM")
OSCAR_HOMEPAGE = "/"
OSCAR_DEFAULT_CURRENCY = "IDR"
OSCAR_CURRENCY_FORMAT = {
    "IDR": {"locale": "id_ID", "format": "¤#,##0", "currency_digits": False},
}
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_SLUG_FUNCTION = "catalogue.slugs.slug_for"
# Reviews come from buyers whose order is complete (catalogue.models.Product), never anonymous.
OSCAR_ALLOW_ANON_REVIEWS = False
# Oscar's wish lists are not part of the marketplace (the basket's "save for later" is);
# hidden, they have no pages and no buttons.
OSCAR_HIDDEN_FEATURES = ["wishlists"]
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_THUMBNAIL_DEBUG = False
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "line1", "line4", "postcode", "country")
# Order and line statuses (Oscar reads these when its models are defined). Each order
# belongs to one seller (``order.statuses``; ``order.services`` decides who may take which
# step). "Baru" is where orders placed before checkout split orders per seller started.
OSCAR_INITIAL_ORDER_STATUS = "Menunggu pembayaran"
OSCAR_INITIAL_LINE_STATUS = "Baru"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Menunggu pembayaran": ("Dibayar", "Diproses", "Dibatalkan"),
    "Dibayar": ("Diproses", "Dikembalikan"),
    "Diproses": ("Dikirim", "Siap diambil", "Dibatalkan", "Dikembalikan"),
    "Dikirim": ("Selesai", "Dikembalikan"),
    "Siap diambil": ("Selesai", "Dikembalikan"),
    "Selesai": ("Dikembalikan",),
    "Dibatalkan": (),
    "Dikembalikan": (),
    "Baru": ("Diproses", "Dibatalkan"),
}
OSCAR_LINE_STATUS_PIPELINE = {
    "Baru": ("Diproses", "Dibatalkan"),
    "Diproses": ("Dikirim", "Siap diambil", "Dibatalkan"),
    "Dikirim": ("Diterima",),
    "Siap diambil": ("Diterima",),
    "Diterima": (),
    "Dibatalkan": (),
}
OSCAR_SEARCH_FACETS: dict[str, dict] = {"fields": {}, "queries": {}}
THUMBNAIL_QUALITY = 70
THUMBNAIL_PRESERVE_FORMAT = False

# Wagtail
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
# No avatars from gravatar.com: the back office must work on a closed network.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor a check for new Wagtail releases on releases.wagtail.org (the CSP would refuse it).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_USER_LOGIN_FORM = "security.forms.BackOfficeLoginForm"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Error reports (debug page, emails to ADMINS) hide NIK and password fields of every form,
# and mask every identity number wherever else it appears in them.
DEFAULT_EXCEPTION_REPORTER_FILTER = "security.errors.ReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "security.errors.ExceptionReporter"

# Personal data (NIK, KK, phone numbers, ...) is masked in every log line and error email
# (UU PDP): every handler passes the "pii" filter, Django's own included (its defaults,
# which have no such filter, are replaced here for the "django" and "django.server"
# loggers); Celery workers log through this configuration too (marketplace/celery.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "filters": {
        "pii": {"()": "security.pii.PiiFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["pii"]},
        # The development server's request lines ("GET /path?query HTTP/1.1" 200).
        "server": {"class": "logging.StreamHandler", "formatter": "server", "filters": ["pii"]},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "pii"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "oscar.alerts": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # stripe-python logs every request at INFO; failures come back as exceptions.
        "stripe": {"level": "WARNING"},
        # redis-py adds a stream handler of its own to this logger on its first
        # connection unless the logger already exists: make it exist, on ours.
        "push_response": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
