"""The knowledge base: pandas tables of every visit, search, follow-up, cross-visit synthesis."""
