import "server-only";
import { isLoopbackAddress } from "@/lib/auth/client-address";

export interface MailViewerRequest {
  /** `npm run dev`: Next's development server. */
  development: boolean;
  /** MAIL_CATCHER_DIR, set by the launchers when they run the local SMTP catcher. */
  catcherFolder: string | undefined;
  /** The client address the app server worked out (lib/auth/client-address.ts). */
  clientIp: string | null;
}

/**
 * The folder of caught mail to show at /dev/mail, or null for a 404. The
 * caught mail holds sign-in and visit links, so it is shown only by the
 * development server and only to a browser on the same machine; a demo
 * (`DEMO=1 npm start`) and the e2e server catch mail too, in files only.
 */
export function viewableMailFolder({ development, catcherFolder, clientIp }: MailViewerRequest): string | null {
  if (!development || !catcherFolder || !isLoopbackAddress(clientIp)) return null;
  return catcherFolder;
}
