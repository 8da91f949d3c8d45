// iCalendar (RFC 5545) invitations and cancellations for appointment mail,
// written by hand: one VEVENT, times in UTC, lines ended with CRLF and folded
// at 75 octets. Calendar apps match a cancellation or a new time to the event
// they already hold by its UID, and take it only if its SEQUENCE is higher.

export interface CalendarPerson {
  name: string;
  email: string;
}

export interface CalendarInvite {
  /** REQUEST adds or updates the event; CANCEL removes it. */
  method: "REQUEST" | "CANCEL";
  /** The same for every version of one booking, across reschedules. */
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  /** When this version was written. */
  stamp: Date;
  summary: string;
  description: string;
  /** Where the visit happens: the patient's link to the video room. */
  location?: string;
  organizer: CalendarPerson;
  attendee: CalendarPerson;
}

const CALENDAR_PRODUCT_ID = "-//Telemedicine Clinic//Scheduling//EN";

export function renderCalendarInvite(invite: CalendarInvite): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${CALENDAR_PRODUCT_ID}`,
    "CALSCALE:GREGORIAN",
    `METHOD:${invite.method}`,
    "BEGIN:VEVENT",
    `UID:${escapeText(invite.uid)}`,
    `SEQUENCE:${invite.sequence}`,
    `DTSTAMP:${utcDateTime(invite.stamp)}`,
    `DTSTART:${utcDateTime(invite.start)}`,
    `DTEND:${utcDateTime(invite.end)}`,
    `SUMMARY:${escapeText(invite.summary)}`,
    `DESCRIPTION:${escapeText(invite.description)}`,
    ...(invite.location ? [`LOCATION:${escapeText(invite.location)}`] : []),
    `ORGANIZER;CN=${paramValue(invite.organizer.name)}:mailto:${invite.organizer.email}`,
    `ATTENDEE;CN=${paramValue(invite.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${invite.attendee.email}`,
    `STATUS:${invite.method === "CANCEL" ? "CANCELLED" : "CONFIRMED"}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

/** YYYYMMDDTHHMMSSZ. */
function utcDateTime(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

/** A TEXT value: backslash, semicolon and comma are escaped, and line breaks become \n. */
function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** A parameter value such as CN: quoted, since names hold commas and colons; quotes and control characters cannot be said at all. */
function paramValue(value: string): string {
  return `"${value.replace(/["\p{Cc}]/gu, "")}"`;
}

const MAX_LINE_OCTETS = 75;
const encoder = new TextEncoder();

/** Splits a content line into lines of at most 75 octets, continuations starting with a space, never inside a character. */
function foldLine(line: string): string {
  if (encoder.encode(line).length <= MAX_LINE_OCTETS) return line;
  const lines: string[] = [];
  let current = "";
  let octets = 0;
  for (const character of line) {
    const size = encoder.encode(character).length;
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current);
      // The continuation's leading space counts towards its 75 octets.
      current = " ";
      octets = 1;
    }
    current += character;
    octets += size;
  }
  lines.push(current);
  return lines.join("\r\n");
}
