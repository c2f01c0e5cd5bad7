"""Integration Assistant: a cited, rule-based assistant for UN integration decisions."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("integration-assistant")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0"
