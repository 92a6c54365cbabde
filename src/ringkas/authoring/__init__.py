"""Helping researchers write visits: new notebooks from the skeleton, and helpers for evidence cells."""
