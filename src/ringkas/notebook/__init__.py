"""Reading a visit notebook: the file, its markdown, front matter, parameters, tables, and the
validator."""
