"""Turn Chinese official documents (公文, GB/T 9704 layout) into exact, auditable datasets."""

__version__ = "0.1.0"
