"""What a notebook cell says about itself, read safely from metadata people can edit by hand."""

from __future__ import annotations

from collections.abc import Mapping


def cell_tags(cell: Mapping[str, object]) -> list[str]:
    """The cell's tags in the order written, each as text.

    `metadata.tags` is edited by hand or by other tools, so anything but a list (a string, a
    dict, null) counts as no tags, and a tag that is not text (`5`) becomes text (`"5"`), for
    the validator to name it as an unknown tag rather than lose it.
    """
    metadata = cell.get("metadata")
    tags = metadata.get("tags") if isinstance(metadata, Mapping) else None
    if not isinstance(tags, list | tuple):
        return []
    return [tag if isinstance(tag, str) else str(tag) for tag in tags if tag is not None]
