import "server-only";
import type { DocumentReference, Provenance } from "@medplum/fhirtypes";
import { storedTelehealthBlock, telehealthLines } from "@/lib/notes/telehealth-block";
import type { Candidate, Source } from "../search/pager";
import { SYSTEMS } from "../systems";
import { clinicReference, concept, idConditions, idOrder, ownMeta, reference } from "./common";

// DocumentReference (US Core DocumentReference): each signed consultation
// note, LOINC 11488-4 "Consult note", its text as the attachment; each addendum
// a document of its own that "appends" the note. Provenance: who signed each
// note, and who wrote each addendum, when.

export const CONSULT_NOTE = { code: "11488-4", display: "Consult note" } as const;

const NOTE_SELECT = {
  id: true,
  subjective: true,
  objective: true,
  assessment: true,
  plan: true,
  telehealth: true,
  signedAt: true,
  updatedAt: true,
  signedBy: { select: { name: true, physician: { select: { id: true } } } },
  visit: { select: { id: true, startedAt: true, endedAt: true, appointment: { select: { patientId: true, startsAt: true, endsAt: true } } } },
} as const;

type NoteRow = {
  id: string;
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
  telehealth: unknown;
  signedAt: Date | null;
  updatedAt: Date;
  signedBy: { name: string; physician: { id: string } | null } | null;
  visit: { id: string; startedAt: Date | null; endedAt: Date | null; appointment: { patientId: string; startsAt: Date; endsAt: Date } };
};

const ADDENDUM_SELECT = {
  id: true,
  body: true,
  createdAt: true,
  author: { select: { name: true, physician: { select: { id: true } } } },
  note: { select: { id: true, visit: { select: { id: true, appointment: { select: { patientId: true } } } } } },
} as const;

type AddendumRow = {
  id: string;
  body: string;
  createdAt: Date;
  author: { name: string; physician: { id: string } | null };
  note: { id: string; visit: { id: string; appointment: { patientId: string } } };
};

/** The signed note as the text a reader gets: its telehealth block, when it has one, then its SOAP sections under their headings. */
export function noteText(note: Pick<NoteRow, "subjective" | "objective" | "assessment" | "plan"> & { telehealth?: unknown }): string {
  const telehealth = storedTelehealthBlock(note.telehealth ?? null);
  return [
    ...(telehealth ? [["Telehealth", telehealthLines(telehealth).join("\n")]] : []),
    ["Subjective", note.subjective],
    ["Objective", note.objective],
    ["Assessment", note.assessment],
    ["Plan", note.plan],
  ]
    .map(([heading, text]) => `${heading}\n${text}`)
    .join("\n\n");
}

function author(user: { name: string; physician: { id: string } | null } | null) {
  return user?.physician ? reference("Practitioner", user.physician.id, user.name) : user ? { display: user.name } : undefined;
}

function attachment(text: string, title: string, creation: Date) {
  return { attachment: { contentType: "text/plain; charset=utf-8", language: "en", data: Buffer.from(text, "utf8").toString("base64"), title, creation: creation.toISOString() } };
}

const DOCUMENT_PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-documentreference";

function documentBase(id: string, patientId: string, date: Date, lastUpdated: Date): DocumentReference {
  return {
    resourceType: "DocumentReference",
    id,
    meta: ownMeta(lastUpdated, DOCUMENT_PROFILE),
    status: "current",
    docStatus: "final",
    type: concept(SYSTEMS.loinc, CONSULT_NOTE.code, CONSULT_NOTE.display),
    category: [concept(SYSTEMS.usCoreDocumentCategory, "clinical-note", "Clinical Note")],
    subject: reference("Patient", patientId),
    date: date.toISOString(),
    custodian: clinicReference(),
    content: [],
  };
}

export function noteToDocumentReference(row: NoteRow & { signedAt: Date }): DocumentReference {
  const { appointment } = row.visit;
  const signer = author(row.signedBy);
  return {
    ...documentBase(row.id, appointment.patientId, row.signedAt, row.updatedAt),
    ...(signer ? { author: [signer], authenticator: signer } : {}),
    description: "Consultation note of a video visit",
    content: [attachment(noteText(row), "Consultation note", row.signedAt)],
    context: {
      encounter: [reference("Encounter", row.visit.id)],
      period: { start: (row.visit.startedAt ?? appointment.startsAt).toISOString(), end: (row.visit.endedAt ?? appointment.endsAt).toISOString() },
    },
  };
}

export function addendumToDocumentReference(row: AddendumRow): DocumentReference {
  const writer = author(row.author);
  return {
    ...documentBase(row.id, row.note.visit.appointment.patientId, row.createdAt, row.createdAt),
    ...(writer ? { author: [writer] } : {}),
    description: "Addendum to a consultation note",
    relatesTo: [{ code: "appends", target: reference("DocumentReference", row.note.id) }],
    content: [attachment(row.body, "Addendum", row.createdAt)],
    context: { encounter: [reference("Encounter", row.note.visit.id)] },
  };
}

function provenance(id: string, target: string, recorded: Date, agent: ReturnType<typeof author>, activity: string): Provenance {
  return {
    resourceType: "Provenance",
    id,
    meta: ownMeta(recorded, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-provenance"),
    target: [reference("DocumentReference", target)],
    recorded: recorded.toISOString(),
    activity: { text: activity },
    agent: [
      {
        type: concept(SYSTEMS.provenanceParticipant, "author", "Author"),
        who: agent ?? clinicReference(),
        onBehalfOf: clinicReference(),
      },
    ],
  };
}

const signedNotes = { status: "SIGNED", signedAt: { not: null } } as const;

function notePatients(patientIds: string[] | null) {
  return patientIds ? { visit: { appointment: { patientId: { in: patientIds } } } } : {};
}

function addendumPatients(patientIds: string[] | null) {
  return patientIds ? { note: notePatients(patientIds) } : {};
}

export const signedNoteSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const rows = await db.consultationNote.findMany({ where: { ...signedNotes, ...notePatients(scope.patientIds), AND: idConditions(scope, range) }, orderBy: idOrder(range), take: range.limit, select: NOTE_SELECT });
    return rows.map((row) => ({ id: row.id, resource: noteToDocumentReference({ ...row, signedAt: row.signedAt! }), patientId: row.visit.appointment.patientId }));
  },
};

export const addendumSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const rows = await db.noteAddendum.findMany({ where: { ...addendumPatients(scope.patientIds), AND: idConditions(scope, range) }, orderBy: idOrder(range), take: range.limit, select: ADDENDUM_SELECT });
    return rows.map((row) => ({ id: row.id, resource: addendumToDocumentReference(row), patientId: row.note.visit.appointment.patientId }));
  },
};

export const signingProvenanceSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const rows = await db.consultationNote.findMany({ where: { ...signedNotes, ...notePatients(scope.patientIds), AND: idConditions(scope, range) }, orderBy: idOrder(range), take: range.limit, select: NOTE_SELECT });
    return rows.map((row) => {
      const patientId = row.visit.appointment.patientId;
      return { id: row.id, resource: provenance(row.id, row.id, row.signedAt!, author(row.signedBy), "Signed the consultation note"), patientId };
    });
  },
};

export const addendumProvenanceSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const rows = await db.noteAddendum.findMany({ where: { ...addendumPatients(scope.patientIds), AND: idConditions(scope, range) }, orderBy: idOrder(range), take: range.limit, select: ADDENDUM_SELECT });
    return rows.map((row) => {
      const patientId = row.note.visit.appointment.patientId;
      return { id: row.id, resource: provenance(row.id, row.id, row.createdAt, author(row.author), "Wrote an addendum"), patientId };
    });
  },
};
