// The intake's calls, with the visit's credentials (a portal session or the
// patient's visit link) as every visit API takes them.

import type { ApiResult } from "@/lib/client/api";
import type { Answers } from "@/lib/intake/question-kinds";
import type { IntakeJson, IntakeUploadJson } from "@/lib/intake/types";
import { callVisitApi, type VisitCredentials } from "@/components/visits/visitApi";

export type UploadKind = IntakeUploadJson["kind"];

export function intakePath(appointmentId: string): string {
  return `/api/visits/${encodeURIComponent(appointmentId)}/intake`;
}

export function uploadPath(appointmentId: string, uploadId?: string): string {
  const base = `/api/uploads/${encodeURIComponent(appointmentId)}`;
  return uploadId === undefined ? base : `${base}/${encodeURIComponent(uploadId)}`;
}

export function intakeApi(appointmentId: string, credentials: VisitCredentials) {
  return {
    load: (signal?: AbortSignal): Promise<ApiResult<IntakeJson>> => callVisitApi(intakePath(appointmentId), { credentials, signal }),
    save: (answers: Answers, complete: boolean): Promise<ApiResult<IntakeJson>> =>
      callVisitApi(intakePath(appointmentId), { method: "PUT", body: { answers, complete }, credentials }),
    upload: (kind: UploadKind, file: Blob): Promise<ApiResult<{ upload: IntakeUploadJson }>> =>
      callVisitApi(`${uploadPath(appointmentId)}?kind=${kind}`, { method: "POST", body: file, credentials }),
    remove: (uploadId: string): Promise<ApiResult<unknown>> => callVisitApi(uploadPath(appointmentId, uploadId), { method: "DELETE", credentials }),
  };
}

export type IntakeApi = ReturnType<typeof intakeApi>;
