"""Reads an iCalendar file with Debian's python3-icalendar and prints what it
read as JSON: the calendar's name and each event's UID, summary,
description, start (a date or a UTC time) and end."""
import json
import sys

from icalendar import Calendar

cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
out = {"name": str(cal.get("X-WR-CALNAME", "")), "events": []}
for ev in cal.walk("VEVENT"):
    def when(key):
        v = ev.get(key)
        return v.dt.isoformat() if v is not None else ""
    out["events"].append({
        "uid": str(ev.get("UID")),
        "summary": str(ev.get("SUMMARY")),
        "description": str(ev.get("DESCRIPTION", "")),
        "start": when("DTSTART"),
        "end": when("DTEND"),
        "stamp": when("DTSTAMP"),
    })
print(json.dumps(out))
