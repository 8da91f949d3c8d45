import type { OperationOutcome, OperationOutcomeIssue } from "@medplum/fhirtypes";
import { AppError, type AppErrorStatus } from "@/lib/http/app-error";

// Refusals of the FHIR API: an AppError whose body is an OperationOutcome, so
// FHIR routes answer every refusal (their own, or the access policy's) in one
// place (lib/fhir/http.ts) with the right status.

export type IssueCode = OperationOutcomeIssue["code"];

export interface FhirIssue {
  code: IssueCode;
  diagnostics: string;
  /** FHIRPath expressions of where the problem is: "Bundle.entry[2].resource.subject". */
  expression?: string[];
  severity?: "error" | "warning" | "information";
}

export class OperationOutcomeError extends AppError {
  override name = "OperationOutcomeError";
  constructor(
    readonly status: AppErrorStatus,
    readonly issues: readonly FhirIssue[],
  ) {
    super(issues.map((issue) => issue.diagnostics).join(" "));
  }

  get code(): string {
    return this.issues[0]?.code ?? "exception";
  }

  override body(): Record<string, unknown> {
    return operationOutcome(this.issues) as unknown as Record<string, unknown>;
  }
}

export function operationOutcome(issues: readonly FhirIssue[]): OperationOutcome {
  return {
    resourceType: "OperationOutcome",
    issue: issues.map((issue) => ({
      severity: issue.severity ?? "error",
      code: issue.code,
      diagnostics: issue.diagnostics,
      ...(issue.expression ? { expression: issue.expression } : {}),
    })),
  };
}

/** Shorthands for the refusals the API makes most. */
export const fhirRefusal = {
  invalid: (diagnostics: string, expression?: string[]) => new OperationOutcomeError(400, [{ code: "invalid", diagnostics, expression }]),
  notSupported: (diagnostics: string) => new OperationOutcomeError(400, [{ code: "not-supported", diagnostics }]),
  notFound: (diagnostics: string) => new OperationOutcomeError(404, [{ code: "not-found", diagnostics }]),
  unprocessable: (issues: readonly FhirIssue[]) => new OperationOutcomeError(422, issues),
};

const CODE_FOR_STATUS: Partial<Record<number, IssueCode>> = {
  400: "invalid",
  401: "login",
  403: "forbidden",
  404: "not-found",
  409: "conflict",
  410: "deleted",
  413: "too-costly",
  415: "not-supported",
  422: "processing",
  429: "throttled",
  503: "transient",
};

/** Any AppError as an OperationOutcome: the app's own refusals keep their status and message. */
export function asOperationOutcome(error: AppError): OperationOutcome {
  if (error instanceof OperationOutcomeError) return error.body() as unknown as OperationOutcome;
  const body = error.body();
  const issues = Array.isArray(body.issues) ? (body.issues as { path: string; message: string }[]) : [];
  return operationOutcome(
    issues.length > 0
      ? issues.map((issue) => ({ code: "invalid", diagnostics: issue.message, expression: issue.path ? [issue.path] : undefined }))
      : [{ code: CODE_FOR_STATUS[error.status] ?? "processing", diagnostics: error.message }],
  );
}
