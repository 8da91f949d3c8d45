import type { CapabilityStatement, CapabilityStatementRestResource } from "@medplum/fhirtypes";
import { FHIR_TYPES } from "./registry";
import { COMMON_PARAMS } from "./search/params";
import { CLINIC_NAME, FHIR_VERSION, SERVED_TYPES } from "./systems";

// GET /fhir/R4/metadata: exactly what this server supports, built from the
// same registry the endpoints use, so the statement cannot drift from them.

const SEARCH_PARAM_DEFINITION = (type: string, name: string) =>
  name.startsWith("_") ? `http://hl7.org/fhir/SearchParameter/Resource-${name.slice(1)}` : `http://hl7.org/fhir/SearchParameter/${type}-${name}`;

export function capabilityStatement(baseUrl: string, software: { version: string }): CapabilityStatement {
  const resources: CapabilityStatementRestResource[] = SERVED_TYPES.map((type) => {
    const fhirType = FHIR_TYPES[type];
    const params = { ...COMMON_PARAMS, ...fhirType.searchParams };
    return {
      type,
      interaction: [{ code: "read" }, { code: "search-type" }],
      versioning: "no-version",
      readHistory: false,
      updateCreate: false,
      conditionalCreate: false,
      conditionalRead: "not-supported",
      conditionalUpdate: false,
      conditionalDelete: "not-supported",
      searchInclude: type === "DiagnosticReport" ? ["DiagnosticReport:result"] : [],
      searchParam: Object.entries(params).map(([name, paramType]) => ({ name, type: paramType, definition: SEARCH_PARAM_DEFINITION(type, name) })),
      ...(type === "Patient" ? { operation: [{ name: "everything", definition: "http://hl7.org/fhir/OperationDefinition/Patient-everything" }] } : {}),
    };
  });
  return {
    resourceType: "CapabilityStatement",
    status: "active",
    date: "2026-12-03",
    publisher: CLINIC_NAME,
    kind: "instance",
    software: { name: "Telemedicine Clinic", version: software.version },
    implementation: { description: `${CLINIC_NAME} FHIR R4 API`, url: baseUrl },
    fhirVersion: FHIR_VERSION,
    format: ["application/fhir+json", "json"],
    instantiates: ["http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server"],
    rest: [
      {
        mode: "server",
        documentation: "Read and search with strict handling: unknown search parameters are refused. Signed-in users read as the chart does; integrations use SMART Backend Services.",
        security: {
          cors: false,
          service: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/restful-security-service", code: "SMART-on-FHIR" }] }],
          extension: [
            {
              url: "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
              extension: [{ url: "token", valueUri: `${baseUrl.replace(/\/R4$/, "")}/auth/token` }],
            },
          ],
        },
        resource: resources,
        interaction: [{ code: "transaction" }],
        operation: [{ name: "export", definition: "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export" }],
      },
    ],
  };
}
