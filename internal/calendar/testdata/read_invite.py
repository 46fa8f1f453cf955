"""Reads an invitation with Debian's python3-icalendar and prints, as JSON,
what a calendar program needs of it: its method, the event's fields, its
organizer and attendees, the VTIMEZONE turned into a time zone compared
with the system's zone of that name, and the first occurrences of its
rule expanded in that time zone (with python3-dateutil), in UTC."""
import datetime
import json
import sys
import zoneinfo

from dateutil.rrule import rrulestr
from icalendar import Calendar

cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
out = {"method": str(cal.get("METHOD", "")), "zones": {}, "events": []}
zones = {}


def place(t, tz):
    """Puts a wall-clock time in a time zone from a VTIMEZONE (a pytz zone
    in python3-icalendar 4, which must localize)."""
    return tz.localize(t) if hasattr(tz, "localize") else t.replace(tzinfo=tz)


for tz in cal.walk("VTIMEZONE"):
    name = str(tz["TZID"])
    zones[name] = tz.to_tz()
    system = zoneinfo.ZoneInfo(name)
    wrong = []
    for year in range(2026, 2031):
        for month in range(1, 13):
            for day in (1, 8, 15, 22, 28):
                for hour in (0, 6, 12, 18):
                    at = datetime.datetime(year, month, day, hour, tzinfo=datetime.timezone.utc)
                    mine = at.astimezone(zones[name]).utcoffset()
                    theirs = at.astimezone(system).utcoffset()
                    if mine != theirs:
                        wrong.append(at.isoformat())
    out["zones"][name] = wrong[:5]
for ev in cal.walk("VEVENT"):
    start = ev.get("DTSTART").dt
    tzid = ev.get("DTSTART").params.get("TZID")
    occurrences = []
    if ev.get("RRULE") is not None:
        local = start.replace(tzinfo=None)
        rule = rrulestr(ev.get("RRULE").to_ical().decode(), dtstart=local)
        for t in list(rule[:6]) if hasattr(rule, "__getitem__") else list(rule)[:6]:
            occurrences.append(place(t, zones[tzid]).astimezone(datetime.timezone.utc).isoformat()
                               if tzid in zones else t.isoformat())
    out["events"].append({
        "uid": str(ev.get("UID")),
        "sequence": int(ev.get("SEQUENCE", 0)),
        "status": str(ev.get("STATUS", "")),
        "summary": str(ev.get("SUMMARY")),
        "location": str(ev.get("LOCATION", "")),
        "tzid": str(tzid),
        "start": place(start.replace(tzinfo=None), zones[tzid]).astimezone(datetime.timezone.utc).isoformat() if tzid in zones else start.isoformat(),
        "rrule": ev.get("RRULE").to_ical().decode() if ev.get("RRULE") is not None else "",
        "organizer": str(ev.get("ORGANIZER", "")),
        "attendees": [{"address": str(a), "rsvp": a.params.get("RSVP", ""), "cn": a.params.get("CN", "")}
                      for a in (ev.get("ATTENDEE") if isinstance(ev.get("ATTENDEE"), list) else [ev.get("ATTENDEE")])
                      if a is not None],
        "occurrences": occurrences,
    })
print(json.dumps(out))
