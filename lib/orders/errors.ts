import { AppError } from "@/lib/http/app-error";

// What lab orders refuse. An OrderValidationError is well-formed input that
// names something the clinic does not have or that does not belong together
// (a panel that is not bundled, an indication not on the list, a result for
// another patient's order): 422, nothing written, the refusal audited. An
// OrderConflictError is an order whose state the request does not fit (409).

export type OrderValidationCode = "UNKNOWN_PANEL" | "UNKNOWN_INDICATION" | "UNKNOWN_ANALYTE" | "PATIENT_MISMATCH";

export class OrderValidationError extends AppError {
  override name = "OrderValidationError";
  readonly status = 422;
  constructor(
    readonly code: OrderValidationCode,
    message: string,
  ) {
    super(message);
  }
}

export type OrderConflictCode = "ORDER_NOT_RESULTED" | "ORDER_REVIEWED";

export class OrderConflictError extends AppError {
  override name = "OrderConflictError";
  readonly status = 409;
  constructor(
    readonly code: OrderConflictCode,
    message: string,
  ) {
    super(message);
  }
}
