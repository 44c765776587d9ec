"""Enrich stage: task↔point links, quantitative targets with quarter series, keywords (jieba).

Entry point: :func:`enrich`, over a :class:`~extract.model.Document` whose outline
and key tasks are built; :func:`enrichment_json` and :func:`csv_tables` give what
the export stage writes. Links are in :mod:`.links`, targets in :mod:`.targets`,
the jieba lexicon in :mod:`.lexicon`; :mod:`.enrichment` puts them together.
"""

from .enrichment import (
    KEYWORD_COLUMNS,
    LINK_COLUMNS,
    SERIES_COLUMNS,
    TARGET_COLUMNS,
    Enrichment,
    Keywords,
    csv_tables,
    enrich,
    enrichment_json,
    keywords_of,
    keywords_table,
    links_table,
    series_table,
    stopwords,
    targets_table,
    user_dictionary_info,
)

__all__ = [
    "KEYWORD_COLUMNS",
    "LINK_COLUMNS",
    "SERIES_COLUMNS",
    "TARGET_COLUMNS",
    "Enrichment",
    "Keywords",
    "csv_tables",
    "enrich",
    "enrichment_json",
    "keywords_of",
    "keywords_table",
    "links_table",
    "series_table",
    "stopwords",
    "targets_table",
    "user_dictionary_info",
]
