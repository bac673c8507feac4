"""Reads .ics files with two independent Python parsers and prints, as JSON, what each read.

    python peers.py FILE...

For each file: {"icalendar": READ, "ical": READ}, where READ is {"error": "..."} when the parser
refused the file, else {"events": [...], "errors": [...]}: each event's UID, SUMMARY, LOCATION,
start and end (an instant as "YYYY-MM-DDTHH:MM:SSZ", a day as "YYYY-MM-DD"), ORGANIZER and
ATTENDEEs (address, CN, PARTSTAT). "errors" lists what python icalendar flagged on a component
(its `.errors`); python ical (allenporter) is strict and refuses instead.

Used by tests/ics_peers.rs and tests/ics_corpus.rs.
"""

import datetime
import json
import sys


def when(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return "floating " + value.strftime("%Y-%m-%dT%H:%M:%S")
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def with_icalendar(data):
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as e:  # the parser's refusal is the answer
        return {"error": f"{type(e).__name__}: {e}"}
    events, errors = [], []
    for c in cal:
        for component in c.walk():
            for err in getattr(component, "errors", []) or []:
                errors.append(f"{component.name}: {err}")
        # The events of the calendar itself (not those inside an unknown component).
        for ev in [sc for sc in c.subcomponents if sc.name == "VEVENT"]:
            def prop(name):
                v = ev.get(name)
                return None if v is None else str(v)

            def address(v):
                params = getattr(v, "params", {})
                return {
                    "address": str(v),
                    "cn": params.get("CN"),
                    "partstat": params.get("PARTSTAT"),
                }

            def dt(name):
                v = ev.get(name)
                try:
                    return when(v.dt) if v is not None else None
                except Exception as e:  # a broken property: flagged in .errors too
                    errors.append(f"VEVENT {name}: {e}")
                    return None

            attendees = ev.get("ATTENDEE")
            if attendees is None:
                attendees = []
            elif not isinstance(attendees, list):
                attendees = [attendees]
            organizer = ev.get("ORGANIZER")
            events.append(
                {
                    "uid": prop("UID"),
                    "summary": prop("SUMMARY"),
                    "location": prop("LOCATION"),
                    "start": dt("DTSTART"),
                    "end": dt("DTEND"),
                    "organizer": address(organizer) if organizer is not None else None,
                    "attendees": [address(a) for a in attendees],
                }
            )
    return {"events": events, "errors": errors}


def with_ical(data):
    from ical.calendar_stream import IcsCalendarStream

    try:
        cal = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    except Exception as e:
        detail = getattr(e, "detailed_error", None)
        return {"error": f"{type(e).__name__}: {e}" + (f" ({detail})" if detail else "")}

    def address(a):
        return {
            "address": a.uri,
            "cn": a.common_name,
            "partstat": None if a.status is None else str(getattr(a.status, "value", a.status)),
        }

    events = []
    for ev in cal.events:
        events.append(
            {
                "uid": ev.uid,
                "summary": ev.summary,
                "location": ev.location,
                "start": when(ev.dtstart),
                "end": when(ev.dtend),
                "organizer": address(ev.organizer) if ev.organizer is not None else None,
                "attendees": [address(a) for a in ev.attendees],
            }
        )
    return {"events": events, "errors": []}


def guarded(read, data):
    try:
        return read(data)
    except Exception as e:  # whatever a parser does with a strange file is its answer
        return {"error": f"{type(e).__name__}: {e}"}


def main(paths):
    out = {}
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        out[path] = {"icalendar": guarded(with_icalendar, data), "ical": guarded(with_ical, data)}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
