"""The knowledge base: pandas tables of every visit, search, follow-up, and cross-visit synthesis."""
