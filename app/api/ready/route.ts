import { NextResponse } from "next/server";
import { readiness } from "@/lib/db/health";

// Readiness for load balancers: 200 when this instance should get requests;
// 503 while it stops, or while its database is unreachable or behind its
// migrations, saying which and nothing more. Liveness is /api/health.
export async function GET() {
  const state = await readiness();
  return NextResponse.json(state.ready ? { status: "ready" } : { status: "not ready", missing: state.missing }, { status: state.ready ? 200 : 503 });
}
