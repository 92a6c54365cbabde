"""The agency's OPDs (ringkas.toml's [[opd]]) against what the tables of a visit name.

`check` warns about a lead OPD of the recommendations that is not in the list, suggesting the
closest short name ('did you mean "Dinsos PPKB"?'), and about an actor of the roles table that
is a near miss of one (an actor may well be no OPD at all: a village head, a foundation).
`short_name` is how `followup` groups: by the name people use, whichever name was written.
"""

from __future__ import annotations

import difflib

from ringkas.contract import spec as C
from ringkas.contract.model import Visit
from ringkas.contract.problems import Findings, Problem
from ringkas.contract.settings import ProjectSettings


def _known(config: ProjectSettings) -> dict[str, str]:
    """Every written name of an OPD, compared as `name_key` does -> its short name."""
    return {C.name_key(name): opd.short for opd in config.opds for name in opd.names}


def short_name(config: ProjectSettings, value: str | None) -> str | None:
    """The short name of the OPD `value` names, or `value` itself when it is none of them."""
    if not value:
        return value
    return _known(config).get(C.name_key(value), value)


def every_name(config: ProjectSettings, value: str) -> tuple[str, ...]:
    """`value` and, when it names a listed OPD, that OPD's full and short names."""
    for opd in config.opds:
        if C.name_key(value) in {C.name_key(name) for name in opd.names}:
            return (value, *opd.names)
    return (value,)


def suggest_opd(config: ProjectSettings, value: str) -> str | None:
    """The short name of the OPD `value` most likely meant, or None when none is close."""
    known = _known(config)
    match = difflib.get_close_matches(C.name_key(value), list(known), n=1, cutoff=0.6)
    return known[match[0]] if match else None


def opd_problems(visit: Visit, config: ProjectSettings) -> list[Problem]:
    """Warnings for the OPDs `visit` names that ringkas.toml does not list (none without one)."""
    found = Findings(visit.path)
    if not config.opds:
        return found.problems
    known = _known(config)
    for rec in visit.recommendations:
        if rec.lead_opd and C.name_key(rec.lead_opd) not in known:
            found.warn(rec.cell, "lead_opd", "table.unknown_opd", value=rec.lead_opd,
                       suggest=suggest_opd(config, rec.lead_opd))
    for role in visit.roles:
        suggestion = suggest_opd(config, role.actor)
        if C.name_key(role.actor) not in known and suggestion:
            # a near miss only: most actors are not the agency's OPDs
            found.warn(role.cell, "actor", "table.unknown_opd", value=role.actor,
                       suggest=suggestion)
    return found.problems
