import { NextResponse } from "next/server";
import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/route-errors";
import { deleteUpload, readUpload, uploadRef } from "@/lib/intake/uploads";

type Params = { params: Promise<{ appointmentId: string; uploadId: string }> };

/**
 * The photo, for the visit's physician: served as the type its content was
 * recognised as, shown in place, never sniffed again or kept in a cache.
 */
export async function GET(request: Request, { params }: Params) {
  try {
    const ref = uploadRef.parse(await params);
    const { contentType, data } = await readUpload(getDb(), await getApiRequestContext(request), ref);
    return new Response(new Uint8Array(data), {
      headers: {
        "Content-Type": contentType,
        "Content-Disposition": "inline",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store, private",
        "Content-Security-Policy": "default-src 'none'; sandbox",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

/** The patient takes back a photo they sent. */
export async function DELETE(request: Request, { params }: Params) {
  try {
    const ref = uploadRef.parse(await params);
    await deleteUpload(getDb(), await getApiRequestContext(request), ref);
    return new NextResponse(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
