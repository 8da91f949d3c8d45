import { describe, expect, it } from "vitest";
import { renderCalendarInvite, type CalendarInvite } from "./ical";
import { calendarValue, readCalendar } from "./testing/ical-reader";

const invite: CalendarInvite = {
  method: "REQUEST",
  uid: "cmappointment0001@appointments.telemedicine-clinic",
  sequence: 2,
  start: new Date("2026-11-30T14:00:00.000Z"),
  end: new Date("2026-11-30T14:30:00.000Z"),
  stamp: new Date("2026-11-20T09:15:42.123Z"),
  summary: "Video visit with Dr. Amara Okafor",
  description: "Standard visit, 30 minutes.\nJoin here: https://clinic.example.test/visit/abc.def",
  location: "https://clinic.example.test/visit/abc.def",
  organizer: { name: "Dr. Amara Okafor", email: "no-reply@clinic.example.test" },
  attendee: { name: "Zoë Müller-Łukasiewicz", email: "zoe@example.test" },
};

const octets = (line: string) => new TextEncoder().encode(line).length;

describe("calendar invitations", () => {
  it("say REQUEST with the booking's UID, its SEQUENCE and UTC times", () => {
    const properties = readCalendar(renderCalendarInvite(invite));
    expect(calendarValue(properties, "METHOD")).toBe("REQUEST");
    expect(calendarValue(properties, "UID")).toBe(invite.uid);
    expect(calendarValue(properties, "SEQUENCE")).toBe("2");
    expect(calendarValue(properties, "DTSTART")).toBe("20261130T140000Z");
    expect(calendarValue(properties, "DTEND")).toBe("20261130T143000Z");
    expect(calendarValue(properties, "DTSTAMP")).toBe("20261120T091542Z");
    expect(calendarValue(properties, "STATUS")).toBe("CONFIRMED");
    expect(properties.map((property) => property.name)).toEqual([
      "BEGIN",
      "VERSION",
      "PRODID",
      "CALSCALE",
      "METHOD",
      "BEGIN",
      "UID",
      "SEQUENCE",
      "DTSTAMP",
      "DTSTART",
      "DTEND",
      "SUMMARY",
      "DESCRIPTION",
      "LOCATION",
      "ORGANIZER",
      "ATTENDEE",
      "STATUS",
      "END",
      "END",
    ]);
  });

  it("say CANCEL and CANCELLED for a cancellation of the same event", () => {
    const properties = readCalendar(renderCalendarInvite({ ...invite, method: "CANCEL", sequence: 3 }));
    expect(calendarValue(properties, "METHOD")).toBe("CANCEL");
    expect(calendarValue(properties, "STATUS")).toBe("CANCELLED");
    expect(calendarValue(properties, "UID")).toBe(invite.uid);
    expect(calendarValue(properties, "SEQUENCE")).toBe("3");
  });

  it("end every line with CRLF and nothing else", () => {
    const text = renderCalendarInvite(invite);
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("fold long lines at 75 octets without splitting a character, and read back whole", () => {
    const description = `${"Bitte 15 Minuten vorher beitreten — 東京からの参加も可能です 🩺. ".repeat(6)}Ende.`;
    const text = renderCalendarInvite({ ...invite, description });
    const physicalLines = text.split("\r\n").slice(0, -1);
    expect(Math.max(...physicalLines.map(octets))).toBeLessThanOrEqual(75);
    expect(physicalLines.filter((line) => line.startsWith(" ")).length).toBeGreaterThan(5);
    expect(physicalLines.every((line) => !line.includes("\uFFFD") && Buffer.from(line, "utf8").toString("utf8") === line)).toBe(true);
    expect(calendarValue(readCalendar(text), "DESCRIPTION")).toBe(description);
  });

  it("escape commas, semicolons, backslashes and line breaks in text, and read them back unchanged", () => {
    const summary = "Follow-up; labs, results \\ notes";
    const description = "Line one,\r\nline two;\nC:\\path";
    const text = renderCalendarInvite({ ...invite, summary, description });
    expect(text).toContain("SUMMARY:Follow-up\\; labs\\, results \\\\ notes\r\n");
    expect(text).toContain("DESCRIPTION:Line one\\,\\nline two\\;\\nC:\\\\path\r\n");
    const properties = readCalendar(text);
    expect(calendarValue(properties, "SUMMARY")).toBe(summary);
    expect(calendarValue(properties, "DESCRIPTION")).toBe("Line one,\nline two;\nC:\\path");
  });

  it("name the organizer and attendee, quoting names a calendar would otherwise misread", () => {
    const properties = readCalendar(
      renderCalendarInvite({ ...invite, organizer: { name: 'Okafor, Amara "Ama": MD', email: "no-reply@clinic.example.test" } }),
    );
    const organizer = properties.find((property) => property.name === "ORGANIZER")!;
    expect(organizer.params.CN).toBe("Okafor, Amara Ama: MD");
    expect(organizer.value).toBe("mailto:no-reply@clinic.example.test");
    const attendee = properties.find((property) => property.name === "ATTENDEE")!;
    expect(attendee.params.CN).toBe("Zoë Müller-Łukasiewicz");
    expect(attendee.value).toBe("mailto:zoe@example.test");
  });
});
