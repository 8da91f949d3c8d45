import type { Server, ServerResponse } from "node:http";

export interface DrainResult {
  /** Requests still unanswered when the ceiling was reached; their connections were cut. */
  unfinished: number;
}

export interface Drainable {
  /** Requests being handled now. */
  inFlight: () => number;
  /**
   * Stops accepting connections, closes idle keep-alive ones, lets the requests
   * in flight finish (each answered with `Connection: close`) for at most
   * `ceilingMs`, then cuts whatever is left.
   */
  drain: (ceilingMs: number) => Promise<DrainResult>;
}

/** Follows the requests of `server` so that it can be stopped without cutting one short. */
export function drainable(server: Server): Drainable {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let onIdle: (() => void) | null = null;
  server.on("request", (_request, response: ServerResponse) => {
    inFlight.add(response);
    if (draining && !response.headersSent) response.setHeader("connection", "close");
    response.on("close", () => {
      inFlight.delete(response);
      if (inFlight.size === 0) onIdle?.();
    });
  });
  return {
    inFlight: () => inFlight.size,
    drain: async (ceilingMs) => {
      draining = true;
      const idle = new Promise<void>((resolve) => {
        onIdle = resolve;
        if (inFlight.size === 0) resolve();
      });
      server.close();
      server.closeIdleConnections();
      for (const response of inFlight) if (!response.headersSent) response.setHeader("connection", "close");
      let timer: NodeJS.Timeout | undefined;
      const ceiling = new Promise<void>((resolve) => (timer = setTimeout(resolve, ceilingMs)));
      await Promise.race([idle, ceiling]);
      clearTimeout(timer);
      const unfinished = inFlight.size;
      if (unfinished > 0) server.closeAllConnections();
      return { unfinished };
    },
  };
}
