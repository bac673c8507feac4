// Reads .ics files with ical.js and prints, as JSON, what it read:
//
//     node peer.cjs FILE...
//
// For each file: {"error": "..."} when ical.js refused it, else {"events": [...]}, each event's
// UID, SUMMARY, LOCATION, start and end (an instant as "YYYY-MM-DDTHH:MM:SSZ", a day as
// "YYYY-MM-DD") read with the file's own VTIMEZONEs registered, ORGANIZER and ATTENDEEs
// (address, CN, PARTSTAT). Used by tests/ics_peers.rs.

'use strict';

const fs = require('fs');
// ical.js 2's CommonJS build exports the namespace itself; some builds put it under `default`.
const loaded = require('ical.js');
const ICAL = loaded.default ?? loaded;

function when(time) {
  if (!time) return null;
  if (time.isDate) {
    const pad = (n, w) => String(n).padStart(w, '0');
    return `${pad(time.year, 4)}-${pad(time.month, 2)}-${pad(time.day, 2)}`;
  }
  if (time.zone === ICAL.Timezone.localTimezone) {
    return 'floating ' + time.toString();
  }
  return new Date(time.toUnixTime() * 1000).toISOString().replace('.000Z', 'Z');
}

function address(property) {
  if (!property) return null;
  return {
    address: property.getFirstValue(),
    cn: property.getParameter('cn') ?? null,
    partstat: property.getParameter('partstat') ?? null,
  };
}

function read(text) {
  const root = new ICAL.Component(ICAL.parse(text));
  const calendars = root.name === 'vcalendar' ? [root] : root.getAllSubcomponents('vcalendar');
  const events = [];
  for (const calendar of calendars) {
    for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
      ICAL.TimezoneService.register(vtimezone);
    }
    for (const vevent of calendar.getAllSubcomponents('vevent')) {
      const event = new ICAL.Event(vevent);
      events.push({
        uid: event.uid ?? null,
        summary: event.summary ?? null,
        location: event.location ?? null,
        start: when(event.startDate),
        end: when(event.endDate),
        organizer: address(vevent.getFirstProperty('organizer')),
        attendees: vevent.getAllProperties('attendee').map(address),
      });
    }
  }
  return { events };
}

const out = {};
for (const path of process.argv.slice(2)) {
  try {
    out[path] = read(fs.readFileSync(path, 'utf8'));
  } catch (e) {
    out[path] = { error: String(e && e.message ? e.message : e) };
  }
}
process.stdout.write(JSON.stringify(out, null, 1));
