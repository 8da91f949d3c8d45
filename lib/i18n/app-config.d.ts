// next-intl checks every message key and its arguments against the English
// files: a key missing here (or a namespace not listed) fails the typecheck.
// The other languages are held to exactly the same keys by messages.test.ts.
import type afterVisitSummary from "./messages/en/afterVisitSummary.json";
import type appointmentLinks from "./messages/en/appointmentLinks.json";
import type call from "./messages/en/call.json";
import type checkin from "./messages/en/checkin.json";
import type clinical from "./messages/en/clinical.json";
import type common from "./messages/en/common.json";
import type mail from "./messages/en/mail.json";
import type portal from "./messages/en/portal.json";
import type scheduling from "./messages/en/scheduling.json";
import type signIn from "./messages/en/signIn.json";
import type deviceCheck from "./messages/en/deviceCheck.json";
import type intake from "./messages/en/intake.json";
import type visit from "./messages/en/visit.json";
import type waitingRoom from "./messages/en/waitingRoom.json";
import type { Locale } from "./locales";

declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: {
      afterVisitSummary: typeof afterVisitSummary;
      appointmentLinks: typeof appointmentLinks;
      call: typeof call;
      checkin: typeof checkin;
      clinical: typeof clinical;
      common: typeof common;
      deviceCheck: typeof deviceCheck;
      intake: typeof intake;
      mail: typeof mail;
      portal: typeof portal;
      scheduling: typeof scheduling;
      signIn: typeof signIn;
      visit: typeof visit;
      waitingRoom: typeof waitingRoom;
    };
  }
}
