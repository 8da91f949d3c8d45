import type { Json } from "@/components/chart/types";
import { callApi, refusalCode, type ApiResult } from "@/lib/client/api";
import type { NoteDetails, NoteSections, NoteSnapshot } from "@/lib/notes/types";
import type { NoteView } from "@/lib/notes/notes";
import type { TelehealthBlock } from "@/lib/notes/telehealth-fields";
import { SOAP_SECTIONS } from "./noteText";

// The note API as the editor calls it, over the app's one fetch wrapper. An
// interface, so the editor's logic (noteSession.ts) is tested with a fake.

export type NoteJson = Json<NoteView>;
export type NoteSnapshotJson = Json<NoteSnapshot>;

export interface NoteResponse {
  note: NoteJson;
}

export type NoteResult = ApiResult<NoteResponse>;

/** What "Refresh from visit" asks for: the telehealth block as the visit's recorded data fill it now. */
export function telehealthDraftPath(appointmentId: string): string {
  return `/api/visits/${encodeURIComponent(appointmentId)}/note/telehealth-draft`;
}

export interface NoteApi {
  /** POST /note: the note, opened from the visit type's template the first time. */
  open(): Promise<NoteResult>;
  save(body: NoteSections & Partial<NoteDetails> & { expectedVersion: number }): Promise<NoteResult>;
  sign(expectedVersion: number): Promise<NoteResult>;
  addAddendum(body: string): Promise<NoteResult>;
  telehealthDraft(): Promise<ApiResult<{ telehealth: TelehealthBlock }>>;
}

export function noteApi(appointmentId: string): NoteApi {
  const path = `/api/visits/${encodeURIComponent(appointmentId)}/note`;
  return {
    open: () => callApi<NoteResponse>(path, { method: "POST" }),
    save: (body) => callApi<NoteResponse>(path, { method: "PUT", body }),
    sign: (expectedVersion) => callApi<NoteResponse>(`${path}/sign`, { method: "POST", body: { expectedVersion } }),
    addAddendum: (body) => callApi<NoteResponse>(`${path}/addenda`, { method: "POST", body: { body } }),
    telehealthDraft: () => callApi<{ telehealth: TelehealthBlock }>(telehealthDraftPath(appointmentId)),
  };
}

/** The server's note from a 409 NOTE_VERSION_CONFLICT (NoteVersionConflictError.body()), or null for any other answer. */
export function conflictSnapshot(result: NoteResult): NoteSnapshotJson | null {
  if (result.ok || result.status !== 409 || refusalCode(result) !== "NOTE_VERSION_CONFLICT") return null;
  const current = result.body.current;
  if (typeof current !== "object" || current === null) return null;
  const snapshot = current as Record<string, unknown>;
  if (typeof snapshot.version !== "number" || !SOAP_SECTIONS.every((section) => typeof snapshot[section] === "string")) return null;
  return current as NoteSnapshotJson;
}
