"""Reads an iCalendar file with Debian's python3-icalendar and prints what it
read as JSON: the calendar's name and each event's UID, summary,
description, start (a date or a UTC time), end and the occurrences it leaves
out (EXDATE)."""
import json
import sys

from icalendar import Calendar

cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
out = {"name": str(cal.get("X-WR-CALNAME", "")), "events": []}
for ev in cal.walk("VEVENT"):
    def when(key):
        v = ev.get(key)
        return v.dt.isoformat() if v is not None else ""
    def exdates():
        v = ev.get("EXDATE")
        if v is None:
            return []
        if not isinstance(v, list):
            v = [v]
        return [d.dt.isoformat() for x in v for d in x.dts]
    out["events"].append({
        "uid": str(ev.get("UID")),
        "summary": str(ev.get("SUMMARY")),
        "description": str(ev.get("DESCRIPTION", "")),
        "start": when("DTSTART"),
        "end": when("DTEND"),
        "stamp": when("DTSTAMP"),
        "exdates": exdates(),
    })
print(json.dumps(out))
