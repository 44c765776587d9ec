"""The package's version, apart so that the export stage can name it without importing the package's API."""

__version__ = "0.1.0"
