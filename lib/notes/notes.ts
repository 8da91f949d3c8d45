import "server-only";
import { actingUserId, ResourceNotFoundError, type RequestContext } from "@/lib/auth/access";
import { mayReadNote, type Action } from "@/lib/auth/policy";
import { ClinicalConflictError, ClinicalValidationError } from "@/lib/chart/errors";
import { Prisma } from "@/lib/db/generated/client";
import type { NoteStatus } from "@/lib/db/generated/enums";
import type { ConsultationNoteSelect } from "@/lib/db/generated/models";
import type { Database } from "@/lib/db/prisma";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { authorizeAppointment } from "@/lib/visits/appointment";
import { ensureVisit } from "@/lib/visits/rooms";
import { NoteIncompleteError, NoteVersionConflictError } from "./errors";
import { detailsOf, sameDetails } from "./note-details";
import { draftTelehealthBlock, fillBlanks, missingForSigning, storedTelehealthBlock, type TelehealthBlock } from "./telehealth-block";
import type { NoteDetails, NoteSections, NoteSnapshot } from "./types";
import {
  addendumInput,
  checkNoteText,
  checkText,
  isBlankNote,
  noteRefInput,
  openDraftInput,
  sameText,
  saveNoteInput,
  signNoteInput,
  type AddendumInput,
  type NoteRefInput,
  type OpenDraftInput,
  type SaveNoteInput,
  type SignNoteInput,
} from "./note-rules";
import { ADDENDUM_MAX_CHARS } from "./note-text";
import { templateFor } from "./templates";

// The consultation note of a visit: one per visit, written by the
// appointment's physician as a draft, saved with optimistic concurrency (a save
// names the version it edits and applies only if the note is still at it, so
// a second tab or device never silently overwrites), signed once, and locked
// from then on by the database itself (trigger
// "ConsultationNote_locked_when_signed"); corrections after signing are
// append-only addenda. Reading needs "note.read"; drafting, saving and addenda
// "note.write"; signing "note.sign": all audited by lib/auth/access.

export {
  addendumInput,
  noteRefInput,
  openDraftInput,
  saveNoteInput,
  signNoteInput,
  NOTE_REQUEST_MAX_BYTES,
} from "./note-rules";
export { NOTE_SECTION_MAX_CHARS, ADDENDUM_MAX_CHARS } from "./note-text";

export interface NoteAddendumView {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: Date;
}

export interface NoteView extends NoteSections, NoteDetails {
  id: string;
  appointmentId: string;
  visitId: string;
  status: NoteStatus;
  version: number;
  authorId: string;
  authorName: string;
  signedAt: Date | null;
  signedByName: string | null;
  createdAt: Date;
  updatedAt: Date;
  addenda: NoteAddendumView[];
}

const NOTE_SELECT = {
  id: true,
  visitId: true,
  status: true,
  version: true,
  subjective: true,
  objective: true,
  assessment: true,
  plan: true,
  telehealth: true,
  cptCode: true,
  diagnosisCodes: true,
  handouts: true,
  authorId: true,
  author: { select: { name: true } },
  signedAt: true,
  signedBy: { select: { name: true } },
  createdAt: true,
  updatedAt: true,
  addenda: {
    orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }],
    select: { id: true, authorId: true, author: { select: { name: true } }, body: true, createdAt: true },
  },
} satisfies ConsultationNoteSelect;

async function loadNote(db: Database, appointmentId: string, where: { visitId: string } | { id: string }): Promise<NoteView | null> {
  const note = await db.consultationNote.findUnique({ where, select: NOTE_SELECT });
  if (!note) return null;
  return {
    id: note.id,
    appointmentId,
    visitId: note.visitId,
    status: note.status,
    version: note.version,
    subjective: note.subjective,
    objective: note.objective,
    assessment: note.assessment,
    plan: note.plan,
    telehealth: storedTelehealthBlock(note.telehealth),
    cptCode: note.cptCode,
    diagnosisCodes: note.diagnosisCodes,
    handouts: note.handouts,
    authorId: note.authorId,
    authorName: note.author.name,
    signedAt: note.signedAt,
    signedByName: note.signedBy?.name ?? null,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
    addenda: note.addenda.map((addendum) => ({
      id: addendum.id,
      authorId: addendum.authorId,
      authorName: addendum.author.name,
      body: addendum.body,
      createdAt: addendum.createdAt,
    })),
  };
}

/** What the note functions need to know about the appointment a note belongs to, loaded with the access check. */
const NOTE_APPOINTMENT_SELECT = {
  status: true,
  physician: { select: { userId: true } },
  visitType: { select: { code: true } },
  visit: { select: { id: true } },
} as const;

interface NoteAppointment {
  id: string;
  status: string;
  /** The appointment's physician's user: the author of its note. */
  physicianUserId: string;
  visitTypeCode: string;
  visitId: string | null;
}

/** Authorizes the action on the note's appointment (audited either way); throws when refused or missing. */
async function authorizeNoteAppointment(
  db: Database,
  context: RequestContext,
  appointmentId: string,
  action: Action,
): Promise<NoteAppointment> {
  const appointment = await authorizeAppointment(db, context, appointmentId, action, { select: NOTE_APPOINTMENT_SELECT });
  return {
    id: appointment.id,
    status: appointment.status,
    physicianUserId: appointment.physician.userId,
    visitTypeCode: appointment.visitType.code,
    visitId: appointment.visit?.id ?? null,
  };
}

function snapshot(note: NoteView): NoteSnapshot {
  return {
    version: note.version,
    status: note.status,
    updatedAt: note.updatedAt,
    subjective: note.subjective,
    objective: note.objective,
    assessment: note.assessment,
    plan: note.plan,
    ...detailsOf(note),
  };
}

/** The appointment's note, or ResourceNotFoundError when it has none yet. */
async function requireNote(db: Database, appointment: NoteAppointment): Promise<NoteView> {
  const note = appointment.visitId ? await loadNote(db, appointment.id, { visitId: appointment.visitId }) : null;
  if (!note) throw new ResourceNotFoundError(`Appointment ${appointment.id} has no note yet`);
  return note;
}

/**
 * The visit's note with its addenda, or null when none has been started, or
 * when it is a draft and the reader is not its author (a draft stays with its
 * author until it is signed).
 */
export async function getNote(db: Database, context: RequestContext, input: NoteRefInput): Promise<NoteView | null> {
  const { appointmentId } = noteRefInput.parse(input);
  const appointment = await authorizeNoteAppointment(db, context, appointmentId, "note.read");
  const note = appointment.visitId ? await loadNote(db, appointment.id, { visitId: appointment.visitId }) : null;
  return note && mayReadNote(context.actor, note) ? note : null;
}

/**
 * The visit's note, created as a draft from its visit type's template when
 * there is none yet (the author is the appointment's physician). Works before,
 * during and after the call; not for a cancelled appointment.
 */
export async function openDraftNote(
  db: Database,
  context: RequestContext,
  input: OpenDraftInput,
): Promise<{ note: NoteView; created: boolean }> {
  const { appointmentId } = openDraftInput.parse(input);
  const appointment = await authorizeNoteAppointment(db, context, appointmentId, "note.write");
  const existing = appointment.visitId ? await loadNote(db, appointment.id, { visitId: appointment.visitId }) : null;
  if (existing) return { note: await withDraftedTelehealth(db, existing), created: false };
  if (appointment.status === "CANCELLED") {
    throw new ClinicalConflictError("APPOINTMENT_CANCELLED", "This appointment was cancelled, so it has no note.");
  }
  const visit = await ensureVisit(db, appointment.id);
  const template = templateFor(appointment.visitTypeCode);
  try {
    const created = await db.consultationNote.create({
      data: {
        visitId: visit.id,
        authorId: appointment.physicianUserId,
        ...template.sections,
        telehealth: jsonBlock(await draftTelehealthBlock(db, visit.id)),
      },
      select: { id: true },
    });
    return { note: (await loadNote(db, appointment.id, { id: created.id }))!, created: true };
  } catch (error) {
    // Opened in two tabs at once: the other one created it.
    if (!isUniqueViolation(error)) throw error;
    return { note: (await loadNote(db, appointment.id, { visitId: visit.id }))!, created: false };
  }
}

function jsonBlock(block: TelehealthBlock | null): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return block === null ? Prisma.DbNull : (block as unknown as Prisma.InputJsonValue);
}

/**
 * A draft's telehealth block with its blanks filled from what the visit has
 * recorded since (the call ended, the patient checked in): stated values stay.
 * Written only when something was filled and no save came first, and without
 * a new version: it adds recorded facts, never the physician's words, so an
 * editor (or a device copy made offline during the call) at this version must
 * not be told the note "changed elsewhere".
 */
async function withDraftedTelehealth(db: Database, note: NoteView): Promise<NoteView> {
  if (note.status !== "DRAFT") return note;
  const filled = fillBlanks(note.telehealth, await draftTelehealthBlock(db, note.visitId));
  if (sameDetails(note, { telehealth: filled })) return note;
  await db.consultationNote.updateMany({
    where: { id: note.id, version: note.version, status: "DRAFT" },
    data: { telehealth: jsonBlock(filled) },
  });
  return (await loadNote(db, note.appointmentId, { id: note.id }))!;
}

/** The visit's telehealth block as its recorded data fill it now ("Refresh from visit"), for the note's author. */
export async function getTelehealthDraft(db: Database, context: RequestContext, input: NoteRefInput): Promise<TelehealthBlock> {
  const { appointmentId } = noteRefInput.parse(input);
  const appointment = await authorizeNoteAppointment(db, context, appointmentId, "note.write");
  const visit = appointment.visitId ?? (await ensureVisit(db, appointment.id)).id;
  return draftTelehealthBlock(db, visit);
}

/**
 * Saves the sections given, if the note is still a draft at `expectedVersion`;
 * the version then goes up by one. Otherwise nothing is written and
 * NoteVersionConflictError (409) carries the server's text and version beside
 * the text attempted. Over-long text is refused whole (NoteTooLongError, 413).
 * A retried save whose text the server already has succeeds without writing.
 */
export async function saveNote(db: Database, context: RequestContext, input: SaveNoteInput): Promise<NoteView> {
  const { appointmentId, expectedVersion, ...fields } = saveNoteInput.parse(input);
  // The schema is strict, so what is left are sections and details; those not sent stay as they are.
  const attempted = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<NoteSections & NoteDetails>;
  const appointment = await authorizeNoteAppointment(db, context, appointmentId, "note.write");
  checkNoteText(attempted);
  const note = await requireNote(db, appointment);
  const { count } = await db.consultationNote.updateMany({
    where: { id: note.id, version: expectedVersion, status: "DRAFT" },
    data: {
      ...attempted,
      telehealth: attempted.telehealth === undefined ? undefined : jsonBlock(attempted.telehealth),
      version: { increment: 1 },
    },
  });
  const current = (await loadNote(db, appointment.id, { id: note.id }))!;
  if (count === 1) return current;
  if (current.status === "SIGNED") {
    throw new ClinicalConflictError("NOTE_SIGNED", "This note is signed and can no longer change. Add an addendum instead.");
  }
  // The same text is already saved (a retry after a lost response): nothing to do.
  if (sameText(current, attempted) && sameDetails(current, attempted)) return current;
  throw new NoteVersionConflictError(expectedVersion, snapshot(current), attempted);
}

/**
 * Signs the draft at `expectedVersion`: from then on the database refuses any
 * change to it. A telehealth note states its telehealth block, its visit code
 * and diagnoses before it is signed (NoteIncompleteError, 409, names what is missing).
 */
export async function signNote(db: Database, context: RequestContext, input: SignNoteInput, options: { now?: Date } = {}): Promise<NoteView> {
  const { appointmentId, expectedVersion } = signNoteInput.parse(input);
  const appointment = await authorizeNoteAppointment(db, context, appointmentId, "note.sign");
  const note = await requireNote(db, appointment);
  if (note.status === "SIGNED") throw new ClinicalConflictError("NOTE_SIGNED", "This note is already signed.");
  if (note.version === expectedVersion && isBlankNote(note)) {
    throw new ClinicalValidationError("EMPTY_NOTE", "This note is empty. Write it before signing.");
  }
  if (note.version === expectedVersion) {
    const missing = missingForSigning(note);
    if (missing.length > 0) throw new NoteIncompleteError(missing);
  }
  const { count } = await db.consultationNote.updateMany({
    where: { id: note.id, version: expectedVersion, status: "DRAFT" },
    data: { status: "SIGNED", signedAt: options.now ?? new Date(), signedById: actingUserId(context), version: { increment: 1 } },
  });
  const current = (await loadNote(db, appointment.id, { id: note.id }))!;
  if (count === 1) return current;
  if (current.status === "SIGNED") throw new ClinicalConflictError("NOTE_SIGNED", "This note is already signed.");
  throw new NoteVersionConflictError(expectedVersion, snapshot(current), {});
}

/** Adds a correction or later finding to a signed note, with its author and time; addenda never change. */
export async function addAddendum(db: Database, context: RequestContext, input: AddendumInput): Promise<NoteView> {
  const { appointmentId, body } = addendumInput.parse(input);
  const appointment = await authorizeNoteAppointment(db, context, appointmentId, "note.write");
  checkText("addendum", body, ADDENDUM_MAX_CHARS);
  const note = await requireNote(db, appointment);
  if (note.status !== "SIGNED") {
    throw new ClinicalConflictError("NOTE_NOT_SIGNED", "This note is still a draft: edit it directly. Addenda are for signed notes.");
  }
  await db.noteAddendum.create({ data: { noteId: note.id, authorId: actingUserId(context), body } });
  return (await loadNote(db, appointment.id, { id: note.id }))!;
}
