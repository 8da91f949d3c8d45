import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { AccessDeniedError, ResourceNotFoundError } from "@/lib/auth/access";

/** For pages: what a refused or missing resource looks like to the person (sign in, 403 or 404). */
export async function orPageError<T>(work: Promise<T>, signInReturnTo?: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ResourceNotFoundError) notFound();
    if (error instanceof AccessDeniedError) {
      if (error.status === 401) redirect(signInReturnTo ? `/sign-in?returnTo=${encodeURIComponent(signInReturnTo)}` : "/sign-in");
      forbidden();
    }
    throw error;
  }
}
