import { capabilityStatement } from "@/lib/fhir/capability";
import { fhirBaseUrl, fhirJson, fhirRoute } from "@/lib/fhir/http";
import packageJson from "@/package.json";

/** The CapabilityStatement: public, as FHIR clients read it before anything else. */
export function GET(request: Request) {
  return fhirRoute(async () => fhirJson(capabilityStatement(fhirBaseUrl(request), { version: packageJson.version })));
}
