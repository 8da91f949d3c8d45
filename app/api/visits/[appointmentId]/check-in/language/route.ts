import { NextResponse } from "next/server";
import { getApiRequestContext } from "@/lib/auth/request-context";
import { saveCheckInLanguage } from "@/lib/checkin/check-in";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { LOCALE_COOKIE } from "@/lib/i18n/locales";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";

const A_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The patient's language and interpreter need; a language the pages speak becomes the pages' language (the locale cookie). */
export async function PUT(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const context = await getApiRequestContext(request);
    const { form, locale } = await saveCheckInLanguage(getDb(), context, appointmentId, await readJsonBody(request));
    const response = NextResponse.json(form, { headers: { "Cache-Control": "no-store" } });
    if (locale) response.cookies.set(LOCALE_COOKIE, locale, { path: "/", sameSite: "lax", maxAge: A_YEAR_SECONDS });
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
