"""Helping researchers write visits: new notebooks from the skeleton, helpers for evidence cells."""
