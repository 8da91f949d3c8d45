import "server-only";
import type { SearchRequest } from "@medplum/core";
import type { Slot as FhirSlot } from "@medplum/fhirtypes";
import type { Database } from "@/lib/db/prisma";
import { loadPhysicianCalendars, MAX_SEARCH_DAYS } from "@/lib/scheduling/slot-search";
import { computeFreeSlots } from "@/lib/scheduling/slots";
import { fhirRefusal } from "../errors";
import type { Candidate, ScanRange, Scope, Source } from "../search/pager";
import { clinicSystems } from "../systems";
import { reference } from "./common";

// Slot: the free times the app offers for booking, computed by the scheduling
// module's own slot search (never stored): one Slot per physician, visit type
// and start. Its id says all three, so a Slot can be read back while it is free.

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 7;

/** Slot ids: "<physicianId>.<visitTypeId>.<start in epoch seconds>". */
export function slotId(physicianId: string, visitTypeId: string, start: Date): string {
  return `${physicianId}.${visitTypeId}.${Math.round(start.getTime() / 1000)}`;
}

function parseSlotId(id: string): { physicianId: string; visitTypeId: string; start: Date } | null {
  const match = /^([A-Za-z0-9-]+)\.([A-Za-z0-9-]+)\.(\d{9,11})$/.exec(id);
  return match ? { physicianId: match[1]!, visitTypeId: match[2]!, start: new Date(Number(match[3]) * 1000) } : null;
}

/** The range of starts a search asks about: its start=ge…/gt… and start=lt…/le…, a week from now by default. */
function searchWindow(filters: SearchRequest, now: Date): { from: Date; to: Date } {
  let from = now;
  let to: Date | null = null;
  for (const filter of filters.filters ?? []) {
    if (filter.code !== "start") continue;
    const at = new Date(filter.value);
    if (filter.operator === "ge" || filter.operator === "gt" || filter.operator === "sa") from = new Date(Math.max(at.getTime(), now.getTime()));
    if (filter.operator === "lt" || filter.operator === "le" || filter.operator === "eb") to = at;
  }
  to ??= new Date(from.getTime() + DEFAULT_DAYS * DAY_MS);
  if (to.getTime() - from.getTime() > MAX_SEARCH_DAYS * DAY_MS) throw fhirRefusal.invalid(`Search Slots over at most ${MAX_SEARCH_DAYS} days at a time.`);
  return { from, to };
}

function valuesOf(filters: SearchRequest, code: string): string[] | null {
  const values = (filters.filters ?? []).filter((filter) => filter.code === code).flatMap((filter) => filter.value.split(","));
  return values.length > 0 ? values : null;
}

async function freeSlots(db: Database, query: { physicianIds: string[] | null; visitTypeCodes: string[] | null; visitTypeIds: string[] | null; from: Date; to: Date; now: Date }): Promise<Candidate[]> {
  const visitTypes = await db.visitType.findMany({
    where: { isActive: true, ...(query.visitTypeCodes ? { code: { in: query.visitTypeCodes.map((code) => code.split("|").pop()!) } } : {}), ...(query.visitTypeIds ? { id: { in: query.visitTypeIds } } : {}) },
    select: { id: true, code: true, name: true, durationMinutes: true, bufferMinutes: true },
  });
  const candidates: Candidate[] = [];
  for (const visitType of visitTypes) {
    const calendars = query.physicianIds
      ? (await Promise.all(query.physicianIds.map((physicianId) => loadPhysicianCalendars(db, { physicianId, from: query.from, to: query.to, visitType })))).flat()
      : await loadPhysicianCalendars(db, { physicianId: undefined, from: query.from, to: query.to, visitType });
    // A physician has free slots only of the visit types they offer, as in the clinic's own search.
    for (const calendar of calendars.filter((entry) => entry.offersVisitType)) {
      for (const slot of computeFreeSlots({ ...calendar, ...visitType, from: query.from, to: query.to, now: query.now })) {
        const id = slotId(calendar.physicianId, visitType.id, slot.start);
        const resource: FhirSlot = {
          resourceType: "Slot",
          id,
          meta: { lastUpdated: query.now.toISOString(), source: clinicSystems().source },
          serviceType: [{ coding: [{ system: `${clinicSystems().source}/CodeSystem/visit-type`, code: visitType.code, display: visitType.name }], text: visitType.name }],
          schedule: reference("Schedule", calendar.physicianId, calendar.physicianName),
          status: "free",
          start: slot.start.toISOString(),
          end: slot.end.toISOString(),
          comment: `${visitType.name} with ${calendar.physicianName} (video)`,
        };
        candidates.push({ id, resource, patientId: null, physicianId: calendar.physicianId });
      }
    }
  }
  return candidates.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function slotSource(now: () => Date = () => new Date()): Source {
  return {
    async scan(db: Database, scope: Scope, range: ScanRange): Promise<Candidate[]> {
      const at = now();
      let candidates: Candidate[];
      if (scope.ids) {
        const wanted = scope.ids.map(parseSlotId).filter((parsed) => parsed !== null);
        candidates = (
          await Promise.all(
            wanted.map((slot) => freeSlots(db, { physicianIds: [slot.physicianId], visitTypeCodes: null, visitTypeIds: [slot.visitTypeId], from: slot.start, to: new Date(slot.start.getTime() + 60_000), now: at })),
          )
        )
          .flat()
          .filter((candidate) => scope.ids!.includes(candidate.id));
      } else {
        const schedules = valuesOf(scope.filters, "schedule")?.map((value) => value.replace(/^Schedule\//, "")) ?? null;
        candidates = await freeSlots(db, { physicianIds: schedules, visitTypeCodes: valuesOf(scope.filters, "service-type"), visitTypeIds: null, ...searchWindow(scope.filters, at), now: at });
      }
      const after = (candidate: Candidate) => range.from === null || (range.descending ? candidate.id < range.from : candidate.id > range.from);
      const ordered = range.descending ? candidates.reverse() : candidates;
      return ordered.filter(after).slice(0, range.limit);
    },
  };
}
