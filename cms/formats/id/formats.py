"""Indonesian formats with the admin date picker's own: it writes "02-12-2026 14:30"
(WAGTAIL_DATETIME_FORMAT), while Django's Indonesian input formats separate hours and
minutes with a dot. The picker's formats come first; Django's stay accepted."""

from django.conf.locale.id.formats import *  # noqa: F403
from django.conf.locale.id.formats import DATETIME_INPUT_FORMATS as _DATETIME
from django.conf.locale.id.formats import TIME_INPUT_FORMATS as _TIME

DATETIME_INPUT_FORMATS = ["%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", *_DATETIME]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", *_TIME]
