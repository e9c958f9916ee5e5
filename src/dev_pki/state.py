"""What the PKI's services answer besides the certificates: revocations, their clock, faults.

Kept in state.json in the PKI directory (whole-file replace under a lock) so every server thread,
the tests' process and `icportal demo_data` agree. The clock is the services' "now" (OCSP
thisUpdate, CRL lastUpdate, the TSA's genTime): tests that move their own time with
time-machine move the PKI's too. A revocation whose time is after the clock is not known yet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509

from .keys import STATE
from .util import locked, read_json, serial_hex, utcnow, write_json

REASONS = {
    "unspecified": x509.ReasonFlags.unspecified,
    "key_compromise": x509.ReasonFlags.key_compromise,
    "ca_compromise": x509.ReasonFlags.ca_compromise,
    "affiliation_changed": x509.ReasonFlags.affiliation_changed,
    "superseded": x509.ReasonFlags.superseded,
    "cessation_of_operation": x509.ReasonFlags.cessation_of_operation,
    "certificate_hold": x509.ReasonFlags.certificate_hold,
    "privilege_withdrawn": x509.ReasonFlags.privilege_withdrawn,
}
FAULTS = {
    "tsa": {None, "down", "slow", "garbage", "wrong_hash"},
    "ocsp": {None, "down"},
    "crl": {None, "down"},
}


def _empty() -> dict:
    return {"revoked": {}, "clock": None, "faults": dict.fromkeys(FAULTS)}


def read(directory: Path) -> dict:
    state = _empty()
    stored = read_json(directory / STATE)
    state["faults"].update(stored.pop("faults", {}))
    state.update(stored)
    return state


def _update(directory: Path, change) -> dict:
    with locked(directory, ".state.lock"):
        state = read(directory)
        change(state)
        write_json(directory / STATE, state)
    return state


def parse_time(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def now(state: dict) -> dt.datetime:
    """The services' time: the admin clock when set, else real time (whole seconds, as the
    ASN.1 times carry them)."""
    moment = parse_time(state["clock"]) or utcnow()
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def revocation(state: dict, serial: int, at: dt.datetime) -> tuple[dt.datetime, str] | None:
    """(time, reason) when `serial` is revoked as of `at`, else None."""
    entry = state["revoked"].get(serial_hex(serial))
    if not entry:
        return None
    when = parse_time(entry["at"])
    return (when, entry["reason"]) if when <= at else None


def revocations(state: dict, at: dt.datetime) -> list[tuple[int, dt.datetime, str]]:
    found = []
    for serial in state["revoked"]:
        hit = revocation(state, int(serial, 16), at)
        if hit:
            found.append((int(serial, 16), *hit))
    return found


def revoke(directory: Path, serial: int, at: dt.datetime, reason: str = "key_compromise") -> dict:
    if reason not in REASONS:
        raise ValueError(f"unknown reason {reason!r}; one of {', '.join(REASONS)}")
    at = (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)

    def change(state):
        state["revoked"][serial_hex(serial)] = {"at": at.isoformat(), "reason": reason}

    return _update(directory, change)


def set_clock(directory: Path, at: dt.datetime | None) -> dict:
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)

    def change(state):
        state["clock"] = at.isoformat() if at else None

    return _update(directory, change)


def set_faults(directory: Path, **faults: str | None) -> dict:
    """Switch faults on (a mode of FAULTS) or off (None); services not named keep theirs."""
    for service, mode in faults.items():
        if service not in FAULTS or mode not in FAULTS[service]:
            raise ValueError(f"unknown fault {service}={mode!r}")

    def change(state):
        state["faults"] = {**state["faults"], **faults}

    return _update(directory, change)


def reset(directory: Path) -> dict:
    """No revocations, real time, no faults (between tests)."""

    def change(state):
        state.clear()
        state.update(_empty())

    return _update(directory, change)
