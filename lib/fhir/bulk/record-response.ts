import "server-only";
import { NextResponse } from "next/server";
import type { Bundle } from "@medplum/fhirtypes";
import { FHIR_JSON } from "../systems";

/** A patient's record Bundle as a file to save: never cached, named for the record. */
export function recordDownload(bundle: Bundle, mrn: string): NextResponse {
  const name = `health-record-${mrn.replace(/[^A-Za-z0-9-]/g, "")}.json`;
  return new NextResponse(JSON.stringify(bundle, null, 2), {
    headers: { "Content-Type": `${FHIR_JSON}; charset=utf-8`, "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
}
