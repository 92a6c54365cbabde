"""Rendering one notebook into briefs: execution with papermill, output limits, sanitizing, the
Brief view, exporters and PDF."""
