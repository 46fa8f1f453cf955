"""Reads an Atom feed with Debian's python3-feedparser and prints what it
read as JSON: whether it was well formed, the feed's title and each entry's
id, title, link, author and updated time."""
import json
import sys

import feedparser

d = feedparser.parse(open(sys.argv[1], "rb").read())
out = {
    "bozo": bool(d.bozo),
    "version": d.version,
    "title": d.feed.get("title", ""),
    "entries": [
        {
            "id": e.get("id", ""),
            "title": e.get("title", ""),
            "link": e.get("link", ""),
            "author": e.get("author", ""),
            "updated": e.get("updated", ""),
        }
        for e in d.entries
    ],
}
print(json.dumps(out))
