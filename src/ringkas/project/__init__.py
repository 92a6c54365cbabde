"""Where a project's files live, and how ringkas writes them (atomically)."""
