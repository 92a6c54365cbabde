"""ringkas: study-visit notebooks into a knowledge base and policy briefs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ringkas")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+source"
