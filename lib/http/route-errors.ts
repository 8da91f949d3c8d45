import "server-only";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { AccessDeniedError, ResourceNotFoundError } from "@/lib/auth/access";

/**
 * Turns the errors our lib functions throw into clear JSON 4xx responses;
 * anything else is a 500 whose details stay in the server log.
 */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof AccessDeniedError) {
    return NextResponse.json({ error: error.message, breakGlassAvailable: error.breakGlassAvailable }, { status: error.status });
  }
  if (error instanceof ResourceNotFoundError) return NextResponse.json({ error: "Not found." }, { status: 404 });
  if (error instanceof ZodError) {
    return NextResponse.json(
      { error: "The request is not valid.", issues: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) },
      { status: 400 },
    );
  }
  console.error(error);
  return NextResponse.json({ error: "Something went wrong on our side." }, { status: 500 });
}
