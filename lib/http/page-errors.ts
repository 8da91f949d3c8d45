import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { asAppError } from "./route-errors";

/** For pages: what a refused or missing resource looks like to the person (sign in, 403 or 404). */
export async function orPageError<T>(work: Promise<T>, signInReturnTo?: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    switch (asAppError(error)?.status) {
      case 404:
        notFound();
      case 401:
        redirect(signInReturnTo ? `/sign-in?returnTo=${encodeURIComponent(signInReturnTo)}` : "/sign-in");
      case 403:
        forbidden();
      default:
        throw error;
    }
  }
}
