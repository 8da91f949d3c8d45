import "server-only";
import { fileTypeFromBuffer } from "file-type";
import { z } from "zod";
import type { RequestContext } from "@/lib/auth/access";
import type { Action } from "@/lib/auth/policy";
import type { VisitUploadKind } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { recordId } from "@/lib/http/ids";
import { authorizeAppointment } from "@/lib/visits/appointment";
import { IntakeError } from "./errors";
import type { IntakeUploadView } from "./types";

// Photos a patient sends at check-in: of their condition (up to three) and of
// an ID (one). What a file is, is decided by its bytes, never by its name or
// the type the browser declared; only JPEG, PNG, WebP and HEIC/HEIF are kept,
// in the database. Only the visit's physician sees them.

export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

const LIMIT: Record<VisitUploadKind, number> = { CONDITION_PHOTO: 3, ID_PHOTO: 1 };

/** The image types we keep, as file-type names them from the content. */
const ACCEPTED_TYPES: ReadonlySet<string> = new Set(["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"]);

/** Who may see an upload of each kind: the ID photo has an action of its own, so its audit trail stands apart. */
const READ_ACTION: Record<VisitUploadKind, Action> = { CONDITION_PHOTO: "intake.photo.read", ID_PHOTO: "intake.idPhoto.read" };

export const uploadKind = z.enum(["CONDITION_PHOTO", "ID_PHOTO"], "Say what the photo is of: CONDITION_PHOTO or ID_PHOTO.");

export const saveUploadInput = z.object({ appointmentId: recordId, kind: uploadKind });
export type SaveUploadInput = z.infer<typeof saveUploadInput>;

export const uploadRef = z.object({ appointmentId: recordId, uploadId: recordId });
export type UploadRef = z.infer<typeof uploadRef>;

export function uploadTooLarge(): IntakeError {
  return new IntakeError("FILE_TOO_LARGE", `A photo can be at most ${UPLOAD_MAX_BYTES / 1024 / 1024} MB.`);
}

/** Stores the patient's photo once its content proves it is an image we accept and the visit has room for it. */
export async function saveUpload(db: Database, context: RequestContext, input: SaveUploadInput, data: Uint8Array<ArrayBuffer>): Promise<IntakeUploadView> {
  const appointment = await authorizeAppointment(db, context, input.appointmentId, "intake.write", { select: { status: true } });
  if (appointment.status === "COMPLETED" || appointment.status === "CANCELLED" || appointment.status === "NO_SHOW") {
    throw new IntakeError("VISIT_OVER", "This visit is over, so photos cannot be added to it.");
  }
  if (data.byteLength > UPLOAD_MAX_BYTES) throw uploadTooLarge();
  const sniffed = await fileTypeFromBuffer(data);
  if (!sniffed || !ACCEPTED_TYPES.has(sniffed.mime)) {
    throw new IntakeError("NOT_AN_IMAGE", "This file is not a photo we can accept. Send a JPEG, PNG, WebP or HEIC image.");
  }
  return db.$transaction(async (tx) => {
    // One upload at a time per visit, so parallel uploads cannot pass the limit together.
    await tx.$queryRaw`SELECT id FROM "Appointment" WHERE id = ${appointment.id} FOR UPDATE`;
    const existing = await tx.visitUpload.count({ where: { appointmentId: appointment.id, kind: input.kind } });
    if (existing >= LIMIT[input.kind]) {
      throw new IntakeError(
        "TOO_MANY_PHOTOS",
        input.kind === "ID_PHOTO" ? "An ID photo was already sent for this visit." : `At most ${LIMIT.CONDITION_PHOTO} photos can be sent for a visit.`,
      );
    }
    return tx.visitUpload.create({
      data: { appointmentId: appointment.id, kind: input.kind, contentType: sniffed.mime, byteSize: data.byteLength, data },
      select: { id: true, kind: true, contentType: true, byteSize: true, createdAt: true },
    });
  });
}

/** The patient takes back a photo they sent for this visit. */
export async function deleteUpload(db: Database, context: RequestContext, ref: UploadRef): Promise<void> {
  await authorizeAppointment(db, context, ref.appointmentId, "intake.write", { detail: `upload ${ref.uploadId}` });
  const { count } = await db.visitUpload.deleteMany({ where: { id: ref.uploadId, appointmentId: ref.appointmentId } });
  if (count === 0) throw new IntakeError("UPLOAD_NOT_FOUND", "This visit has no such photo.");
}

/** A photo's bytes and sniffed type, for the visit's physician; every view is audited. */
export async function readUpload(db: Database, context: RequestContext, ref: UploadRef): Promise<{ contentType: string; data: Uint8Array }> {
  const upload = await db.visitUpload.findFirst({
    where: { id: ref.uploadId, appointmentId: ref.appointmentId },
    select: { kind: true, contentType: true, data: true },
  });
  // A missing photo is asked about as a condition photo: whoever may not see photos learns nothing of which exist.
  await authorizeAppointment(db, context, ref.appointmentId, READ_ACTION[upload?.kind ?? "CONDITION_PHOTO"], { detail: `upload ${ref.uploadId}` });
  if (!upload) throw new IntakeError("UPLOAD_NOT_FOUND", "This visit has no such photo.");
  return { contentType: upload.contentType, data: upload.data };
}
