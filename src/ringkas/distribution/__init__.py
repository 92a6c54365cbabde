"""Briefs reach leadership: the bundle `ringkas distribute` builds, its cover memos and e-mail."""
