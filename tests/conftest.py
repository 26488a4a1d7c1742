import shutil

import pytest
from django.conf import settings


@pytest.fixture(autouse=True, scope="session")
def clean_test_media():
    """Test uploads go to a throwaway folder that is removed afterwards."""
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
