import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { createPatient, searchPatients } from "@/lib/scheduling/patients";
import { isValidTimeZone } from "@/lib/scheduling/zoned-time";

const searchQuery = z.strictObject({ query: z.string().max(100) });

// Shape, sizes and the zone name here; lib/scheduling checks the details and looks for duplicates.
const newPatientBody = z.strictObject({
  givenName: z.string().max(100),
  familyName: z.string().max(100),
  dateOfBirth: z.string().max(10),
  sex: z.enum(["FEMALE", "MALE", "OTHER", "UNKNOWN"]),
  email: z.string().max(254).nullish(),
  phone: z.string().max(32).nullish(),
  timeZone: z.string().max(64).refine(isValidTimeZone, "Choose a time zone from the list."),
  /** The person at the desk has checked the likely duplicates and this is someone else. */
  confirmDuplicate: z.boolean().optional(),
});

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
    const { confirmDuplicate, ...patient } = newPatientBody.parse(await readJsonBody(request));
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
