import { NextResponse } from "next/server";
import { isDatabaseReachable } from "@/lib/db/health";

// Liveness for load balancers and the test harness; reveals nothing about data.
export async function GET() {
  const database = await isDatabaseReachable();
  return NextResponse.json({ status: database ? "ok" : "degraded", database }, { status: database ? 200 : 503 });
}
