import { NextResponse } from "next/server";
import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { errorResponse, readBodyBytes } from "@/lib/http/route-errors";
import { saveUpload, saveUploadInput, UPLOAD_MAX_BYTES, uploadTooLarge } from "@/lib/intake/uploads";

/**
 * The patient sends a photo as the request body (?kind=CONDITION_PHOTO or
 * ID_PHOTO); 201 with what was stored. Its content decides whether it is an
 * image (415 otherwise); over 5 MB is refused (413) before it is all read.
 */
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const input = saveUploadInput.parse({
      appointmentId: (await params).appointmentId,
      kind: new URL(request.url).searchParams.get("kind") ?? undefined,
    });
    const context = await getApiRequestContext(request);
    const data = await readBodyBytes(request, UPLOAD_MAX_BYTES, uploadTooLarge);
    const upload = await saveUpload(getDb(), context, input, new Uint8Array(data));
    return NextResponse.json({ upload }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
