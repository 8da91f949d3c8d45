import { NextResponse } from "next/server";
import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { clinicalJson } from "@/lib/http/clinical-routes";
import { errorResponse, readBodyBytes } from "@/lib/http/route-errors";
import { listImagingStudies } from "@/lib/imaging/studies";
import { IMAGING_UPLOAD_BODY_BYTES } from "@/lib/imaging/types";
import { uploadBodyTooLarge, uploadImagingStudy } from "@/lib/imaging/upload";

// The patient's imaging studies from the DICOM archive, newest first, with their reports.
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const { patientId } = await params;
    const context = await getApiRequestContext(request);
    return clinicalJson(await listImagingStudies(getDb(), context, { patientId }));
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * A physician uploads a study: multipart/form-data with DICOM files or zips
 * of them in "files" (?confirmPatient=true when the physician confirmed
 * they are this patient's); 201 once every file passed and all were stored.
 */
export async function POST(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const input = {
      patientId: (await params).patientId,
      confirmPatient: new URL(request.url).searchParams.get("confirmPatient") ?? undefined,
    };
    const context = await getApiRequestContext(request);
    const upload = await uploadImagingStudy(getDb(), context, input, {
      contentType: request.headers.get("content-type"),
      read: async () => new Uint8Array(await readBodyBytes(request, IMAGING_UPLOAD_BODY_BYTES, uploadBodyTooLarge)),
    });
    return NextResponse.json({ upload }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
