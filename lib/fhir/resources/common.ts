import type { CodeableConcept, ExtractResource, HumanName, Meta, Reference, ResourceType } from "@medplum/fhirtypes";
import type { ScanRange, Scope } from "../search/pager";
import { CLINIC_NAME, CLINIC_ORGANIZATION_ID, clinicSystems } from "../systems";

// What every mapper of the clinic's own records shares: references, meta,
// codings, and the id conditions of a scan.

export function reference<K extends ResourceType>(type: K, id: string, display?: string): Reference<ExtractResource<K>> {
  return display ? { reference: `${type}/${id}`, display } : { reference: `${type}/${id}` };
}

export const clinicReference = () => reference("Organization", CLINIC_ORGANIZATION_ID, CLINIC_NAME);

export function ownMeta(lastUpdated: Date, profile?: string): Meta {
  return { lastUpdated: lastUpdated.toISOString(), source: clinicSystems().source, ...(profile ? { profile: [profile] } : {}) };
}

export function concept(system: string, code: string, display?: string, text?: string): CodeableConcept {
  return { coding: [{ system, code, ...(display ? { display } : {}) }], ...(text ?? display ? { text: text ?? display } : {}) };
}

/** A person's name as one string ("Maya Lee") as a FHIR name: the last word the family name. */
export function humanName(fullName: string): HumanName {
  const words = fullName.trim().split(/\s+/);
  const family = words.length > 1 ? words.pop()! : words[0]!;
  return { use: "official", text: fullName.trim(), family, ...(words.length > 0 && words[0] !== family ? { given: words } : {}) };
}

/** A @db.Date column as a FHIR date. */
export function fhirDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** The Prisma conditions on `id` a scan needs: the scope's ids and the range's bound. */
export function idConditions(scope: Scope, range: ScanRange): Array<{ id: { in: string[] } | { gt: string } | { lt: string } }> {
  return [
    ...(scope.ids ? [{ id: { in: scope.ids } }] : []),
    ...(range.from === null ? [] : [{ id: range.descending ? { lt: range.from } : { gt: range.from } }]),
  ];
}

export function idOrder(range: ScanRange): { id: "asc" | "desc" } {
  return { id: range.descending ? "desc" : "asc" };
}

/** Prisma's condition for the scope's patients on a column named patientId. */
export function patientCondition(scope: Scope): { patientId?: { in: string[] } } {
  return scope.patientIds ? { patientId: { in: scope.patientIds } } : {};
}

/** The largest of some instants (the newest change to a record). */
export function latest(...instants: Array<Date | null | undefined>): Date {
  return new Date(Math.max(...instants.filter((instant): instant is Date => instant instanceof Date).map((instant) => instant.getTime())));
}
