import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/http/route-errors";
import { METRICS_CONTENT_TYPE, metricsExposition } from "@/lib/observability/metrics-report";

// Prometheus scrapes each instance here with METRICS_TOKEN as its bearer token.
export async function GET(request: Request) {
  try {
    const body = await metricsExposition(request.headers.get("authorization"));
    return new NextResponse(body, { headers: { "Content-Type": METRICS_CONTENT_TYPE } });
  } catch (error) {
    return errorResponse(error);
  }
}
