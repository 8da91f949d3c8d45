import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { errorResponse, readTextBody } from "@/lib/http/route-errors";
import { MAX_WEBHOOK_BODY_BYTES, receiveLiveKitWebhook } from "@/lib/visits/webhook";

// LiveKit's room and participant events. No session: the request is
// authenticated by its signature (a JWT over the body's SHA-256, made with our
// API secret), checked against the raw body before anything is recorded.
export async function POST(request: Request) {
  try {
    const body = await readTextBody(request, MAX_WEBHOOK_BODY_BYTES);
    const result = await receiveLiveKitWebhook(getDb(), { body, authorization: request.headers.get("authorization") });
    return NextResponse.json(result);
  } catch (error) {
    return errorResponse(error);
  }
}
