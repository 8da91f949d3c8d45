import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { createPatient, patientRegistrationInput, searchPatients } from "@/lib/scheduling/patients";

const searchQuery = z.strictObject({ query: z.string().max(100) });

/** Patients by name, date of birth (YYYY-MM-DD) or MRN; at most 20. */
export async function GET(request: NextRequest) {
  try {
    const { query } = searchQuery.parse(Object.fromEntries(request.nextUrl.searchParams));
    return NextResponse.json({ patients: await searchPatients(getDb(), await getRequestContext(), { query }) });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * Registers a patient: 201 with the patient, or 409 listing the registered
 * patients this may be, unless `confirmDuplicate` is true.
 */
export async function POST(request: Request) {
  try {
    const { confirmDuplicate, ...patient } = patientRegistrationInput.parse(await readJsonBody(request));
    const result = await createPatient(getDb(), await getRequestContext(), patient, { confirmDuplicate });
    if ("duplicates" in result) {
      return NextResponse.json(
        { error: "This may be someone who is already registered. Check the patients listed.", duplicates: result.duplicates },
        { status: 409 },
      );
    }
    return NextResponse.json({ patient: result.created }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
