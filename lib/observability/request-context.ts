// Not `server-only`: the app server (scripts/support/app-server.ts) imports this
// outside Next's react-server build, to give every request its id before Next
// sees it; the logger (log.ts) reads the id back wherever the request's code runs.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * An id a load balancer or proxy in front already gave the request is kept, so
 * its log and ours can be joined; only a plain token is taken (letters, digits
 * and `._:-`, 8 to 128 of them), so a client cannot put text of its choosing,
 * line breaks or someone's name into every line the request logs.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function acceptedRequestId(incoming: string | string[] | undefined | null): string {
  return typeof incoming === "string" && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export interface RequestContext {
  requestId: string;
}

// One store for the process: the app server (loaded by tsx) and Next's server
// bundle each evaluate this module, and both must see the same store.
const STORE = Symbol.for("clinic.observability.requestContext");
const globalWithStore = globalThis as typeof globalThis & { [STORE]?: AsyncLocalStorage<RequestContext> };
const storage = (globalWithStore[STORE] ??= new AsyncLocalStorage<RequestContext>());

/** Runs `work` (the handling of one request) with its id available to everything it calls. */
export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The id of the request whose code is running, or undefined outside one (the worker, start-up). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
