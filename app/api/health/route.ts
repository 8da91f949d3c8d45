import { NextResponse } from "next/server";
import { isDatabaseReachable } from "@/lib/db/health";

// Liveness for load balancers and the test harness: the process answers and
// its database does (one pooled SELECT 1, no session, no audit); reveals
// nothing about data. Readiness, which a load balancer should route by, is
// /api/ready (it also turns 503 while the instance stops).
export async function GET() {
  const database = await isDatabaseReachable();
  return NextResponse.json({ status: database ? "ok" : "degraded", database }, { status: database ? 200 : 503 });
}
