"""Settings shared by every environment, configured through environment variables."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from wagtail.embeds.oembed_providers import dailymotion, vimeo, youtube

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "storefront",
    "promotions",
    "seo",
    "news",
    "showroom",
    "enquiries",
    "brochures",
    "analytics",
    "sitehealth",
    "core",
    "wagtailseo",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
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
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Security headers: see the block "Content-Security-Policy and Permissions-Policy" below.
    "csp",
    # Login throttling (core/login_lockout.py).
    "axes",
    # The queue of long work run by a worker (TASKS below).
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so that cached pages get the current headers and stored entries
    # none: see the block "Content-Security-Policy and Permissions-Policy" below.
    "core.security_headers.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # NUL characters and non-UTF-8 URLs answer 400 before any lookup (cache, session, page).
    "core.malformed_requests.MalformedRequestMiddleware",
    # Above the added slash and editors' redirects: only what still answers 404 is logged.
    "sitehealth.not_found.NotFoundLogMiddleware",
    # Outside the page cache, which hands pages a trimmed query string: the added slash and
    # editors' redirects from old URLs keep the query string as it was asked.
    "django.middleware.common.CommonMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Around both page caches, so that pages served from them are counted too; PageMark, inside
    # both, puts the page's id in what they store (analytics/middleware.py).
    "analytics.middleware.PageViewMiddleware",
    # Before sessions and authentication: a cached page costs one cache round trip.
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: customers' pages shared by audience, with their own
    # account links (core/buyer_cache.py).
    "core.buyer_cache.BuyerPageCacheMiddleware",
    # After authentication, to let the team in; pages served from either cache never reach
    # it, which saves them reading the site and its setting (sitehealth/maintenance.py).
    "sitehealth.maintenance.MaintenanceMiddleware",
    "analytics.middleware.PageMarkMiddleware",
    # After authentication (previews are the team's), inside the page cache (which then refuses
    # the no-store answers it makes): see core/preview.py.
    "core.preview.PreviewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Login throttling: last, as django-axes requires, to answer a lockout with its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "seo.context_processors.cached_seo_settings",
                "core.context_processors.preview_at",
                "sitehealth.context_processors.maintenance_banner",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory unless REDIS_URL points at a Redis server shared by every app server. Either way
# the backend fails soft (core/cache_backend.py): with the cache down, the site serves
# from the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
LOCMEM_CACHE_ENTRIES = 20_000
# Seconds: a Redis server that hangs must not hang the pages waiting for it.
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backend.FailSoftCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "storefront"),
            "TIMEOUT": 300,
            "OPTIONS": {
                "BACKEND": "core.cache_backend.RedisCache",
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backend.FailSoftCache",
            "LOCATION": "storefront",
            "TIMEOUT": 300,
            "OPTIONS": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                # Django's default (300 entries) is less than two listings' cards, pages and
                # fragments: entries would be dropped before they are read again.
                "MAX_ENTRIES": LOCMEM_CACHE_ENTRIES,
            },
        }
    }

# Sessions live in the database; with Redis, requests read a copy of at most a minute from it
# (core/sessions.py).
SESSION_ENGINE = "core.sessions"

# Full-page cache for anonymous visitors (core/page_cache.py): an entry lives until the next
# scheduled change of prices, offers or pages, at most this many seconds, and every publish
# purges it.
STOREFRONT_PAGE_CACHE = env_bool("PAGE_CACHE", True)
STOREFRONT_PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "3600"))
# Seconds the cache's copy of the content generation lives (core/generation.py): at most
# this long, a publish that could not reach the cache (down, full) goes unseen.
STOREFRONT_GENERATION_COPY_TIMEOUT = int(os.environ.get("GENERATION_COPY_TIMEOUT", "5"))

# Catalogue import limits (core/tabular.py), checked before or while the file is read:
# beyond any of them the file is refused with « Fichier trop volumineux … (limite …) ». The file
# itself (MB), its product rows, filled columns and characters per cell; an XLSX workbook is a
# ZIP archive whose parts may unpack to IMPORT_MAX_MEMBER_MB each, IMPORT_MAX_UNPACKED_MB in all,
# and be compressed at most IMPORT_MAX_COMPRESSION_RATIO times (parts over 1 MB).
IMPORT_MAX_FILE_MB = int(os.environ.get("IMPORT_MAX_FILE_MB", "50"))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "200000"))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "50"))
IMPORT_MAX_CELL_LENGTH = int(os.environ.get("IMPORT_MAX_CELL_LENGTH", "5000"))
IMPORT_MAX_MEMBER_MB = int(os.environ.get("IMPORT_MAX_MEMBER_MB", "300"))
IMPORT_MAX_UNPACKED_MB = int(os.environ.get("IMPORT_MAX_UNPACKED_MB", "400"))
IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("IMPORT_MAX_COMPRESSION_RATIO", "100"))

# Publishing or importing products queues their pictures' renditions (storefront/renditions.py).
STOREFRONT_PREPARE_RENDITIONS = env_bool("PREPARE_RENDITIONS", True)

# A CDN or reverse proxy in front of the site is purged on the same events as the page cache.
# FRONTEND_CACHE_PURGE_URL: an HTTP PURGE endpoint (Varnish, nginx…); other backends
# (Cloudflare, CloudFront) are configured the same way, see Wagtail's frontend cache docs.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling with django-axes (core/login_lockout.py): LOGIN_FAILURE_LIMIT failed
# logins on one account (from any address) lock that account, and as many from one address (on
# any accounts) lock that address, until LOGIN_LOCKOUT_MINUTES after the last failure. Attempts
# are kept in the database, so throttling holds while the cache is down.
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend; the user comes with what every request asks about them.
    "storefront.auth_backend.AccountBackend",
]
AXES_HANDLER = "core.login_lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
# A locked-out client's further tries count for nothing: otherwise one locked address could go
# on adding failures to every account and lock them all.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful login forgives that account's failures from that address only (see the handler).
AXES_RESET_ON_SUCCESS = True
# The client address is REMOTE_ADDR, as for the form rate limits (core/ratelimit.py).
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "core.login_lockout.lockout_response"
# No permanent log of successful logins with their addresses: failures are kept only until
# they expire.
AXES_DISABLE_ACCESS_LOG = True

LOGIN_URL = "login"
# Private pages and documents send visitors to our customer login, not Wagtail's bare one.
WAGTAIL_FRONTEND_LOGIN_URL = "/account/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded import files wait here between the simulation and the confirmation: never public.
IMPORTS_ROOT = Path(os.environ.get("IMPORTS_ROOT", BASE_DIR / "var" / "imports"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "imports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": IMPORTS_ROOT},
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Storefront <no-reply@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Long work (catalogue imports, renditions, outgoing e-mails) goes to the "background" backend,
# a queue in the database that a worker empties (`manage.py db_worker --backend background`,
# README « Worker »), so that no web request waits for it or dies of gunicorn's timeout.
# Wagtail's own tasks (search and reference indexes, file deletion, CDN purge) stay on
# "default" and run at once, as they always did: the admin shows their result right away.
# TASKS_BACKEND=immediate runs the background work in the request too (no worker at all).
BACKGROUND_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND not in BACKGROUND_TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={TASKS_BACKEND!r}: {' or '.join(BACKGROUND_TASK_BACKENDS)} expected."
    )
TASKS = {
    "default": {"BACKEND": BACKGROUND_TASK_BACKENDS["immediate"]},
    "background": {"BACKEND": BACKGROUND_TASK_BACKENDS[TASKS_BACKEND]},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # Failed logins and lockouts are warnings; successful logins need no line each.
        "axes": {"level": "WARNING"},
    },
}

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Storefront")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Documents always go through Wagtail's view so that collection privacy is enforced.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# The image's description is its alt text, typed once and reused by every page (« Texte
# alternatif » in the form).
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.image_forms.ImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILREDIRECTS_AUTO_CREATE = True
# ASCII slugs: URLs that survive every mail client, spreadsheet and crawler.
WAGTAIL_ALLOW_UNICODE_SLUGS = False


# --- Content-Security-Policy and Permissions-Policy -------------------------------------------
# Enforced, not report-only. Public pages run no inline script, no inline style and no event
# handler attribute, so their policy allows scripts and styles from our own origin only (static
# files are served by whitenoise). JSON-LD blocks are data that browsers never execute, so
# script-src does not apply to them. Public pages use no nonce either: the anonymous page cache
# shares one rendering between visitors, so a nonce in it would be shared too
# (core/page_cache.py refuses to store a response that used one).


def url_origin(url):
    """The origin of an absolute URL, for a CSP source list; None for a path on this site."""
    parts = urlsplit(url)
    if not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme else parts.netloc


# Images and media served from another host: MEDIA_URL's own host, and CSP_MEDIA_ORIGINS (a
# comma-separated list) for storages that build their URLs themselves, such as S3 with a custom
# domain or a CDN.
MEDIA_ORIGINS = [
    *[origin for origin in [url_origin(MEDIA_URL)] if origin],
    *env_list("CSP_MEDIA_ORIGINS"),
]

# The only video providers editors may embed (EmbedBlock), because their players are the only
# frames the policy allows: any other address is refused in the admin instead of leaving a
# blank frame on the public site.
WAGTAILEMBEDS_FINDERS = [
    {"class": "wagtail.embeds.finders.oembed", "providers": [youtube, vimeo, dailymotion]}
]
EMBED_FRAME_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.dailymotion.com",
    "https://geo.dailymotion.com",
]

# The <style> element of templates/500.html, which must not depend on static files being served
# (tests/core/test_security_headers.py recomputes it).
SERVER_ERROR_STYLE_HASH = "'sha256-QuBy5HVphnYfrvkLCKMviFKqS6pSVYTaEeI0XmO5cHE='"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, SERVER_ERROR_STYLE_HASH],
        "img-src": [SELF, *MEDIA_ORIGINS],
        "media-src": [SELF, *MEDIA_ORIGINS],
        "font-src": [SELF],
        "frame-src": [SELF, *EMBED_FRAME_ORIGINS],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # As X_FRAME_OPTIONS = "SAMEORIGIN": Wagtail's live preview frames our own pages.
        "frame-ancestors": [SELF],
    }
}

# Everything under the Wagtail admin (core/security_headers.py). Wagtail 7.4's own
# templates run inline scripts without a nonce (date pickers, inline panels, chooser modals that
# jQuery executes), Draftail writes <style> elements, the focal point cropper sets inline event
# handlers and image uploads preview as blob: images. Only signed-in editors reach these pages,
# and every other directive stays as strict as the public one.
STOREFRONT_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "blob:", *MEDIA_ORIGINS],
    }
}
# Wagtail's default avatars come from gravatar.com: a third-party image the policy would block,
# and each editor's e-mail address hash sent to it.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Browser features a catalogue never needs are off for the page and every frame in it; the
# video players keep what playing a video needs.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": EMBED_FRAME_ORIGINS,
    "fullscreen": ["self", *EMBED_FRAME_ORIGINS],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": EMBED_FRAME_ORIGINS,
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "usb": [],
}
