"""Rate limits (django-ratelimit) for the requests that cost us or others the most.

Each limit counts per client address in the "ratelimit" cache; past it, the request gets
the 429 page of news.views.rate_limited. Readers share addresses behind mobile operators'
NAT, so the public limits are far above what one person types.
"""

from django_ratelimit.decorators import ratelimit
from wagtail.admin.views import account

SIGN_IN = "20/m"  # sign-in attempts; django-axes also locks a user name after 5 failures
PASSWORD_RESET = "5/h"  # noqa: S105 - a rate: reset mails asked for, per address and per e-mail
SEARCH = "120/m"  # /cari/: each search is counted for the search-terms report
SUGGESTIONS = "240/m"  # /cari/saran/: one request per key typed
READ_BEACON = "120/m"  # /api/baca/: one per article page opened (news.popular)


def limited(rate: str, *, key: str = "ip", method=ratelimit.UNSAFE):
    return ratelimit(key=key, rate=rate, method=method, block=True)


login_view = limited(SIGN_IN)(account.LoginView.as_view())
password_reset_view = limited(PASSWORD_RESET, key="post:email")(
    limited(PASSWORD_RESET)(account.PasswordResetView.as_view())
)
