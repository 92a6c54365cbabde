"""ringkas: study-visit notebooks into a knowledge base and policy briefs."""

# Written here, not read with importlib.metadata: that import alone costs a tenth of a second on
# every command, and `ringkas render` with nothing to do should take well under one. pyproject.toml
# reads it from here (tool.hatch.version).
__version__ = "0.1.0"
