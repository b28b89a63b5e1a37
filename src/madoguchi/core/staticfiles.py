"""Static files as a server sends them (`make run`, production): whitenoise's hashed and compressed
storage, except that a `sourceMappingURL` comment is left as written. Vendored libraries (Leaflet)
point at source maps that are not shipped; Django would refuse to collect them."""

from django.contrib.staticfiles.storage import HashedFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    def keep(pattern) -> bool:
        text = pattern[0] if isinstance(pattern, tuple) else pattern
        return "sourceMappingURL" not in text

    return tuple((extension, tuple(p for p in found if keep(p))) for extension, found in patterns)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(HashedFilesMixin.patterns)
