"use client";

import { VisitNoticePanel } from "./VisitNoticePanel";

/**
 * Instead of the device check, in a browser that cannot make the call (no
 * WebRTC, or an http address where the browser hides the camera): what is
 * wrong and what to do instead, since the visit itself still goes ahead.
 */
export function VideoVisitsUnsupported({ secureContext, focusHeading }: { secureContext: boolean; focusHeading: boolean }) {
  return secureContext ? (
    <VisitNoticePanel title="This browser cannot hold video visits" focusHeading={focusHeading}>
      <p className="text-slate-700">It cannot send or receive video and sound. Your visit still goes ahead; to join it:</p>
      <ul className="list-disc space-y-2 pl-6 text-slate-700">
        <li>
          Open this same link in a current version of <strong>Chrome</strong>, <strong>Edge</strong>, <strong>Firefox</strong> or{" "}
          <strong>Safari</strong>, on this computer or on a phone or tablet. On a phone, use its own browser rather than one built into
          another app.
        </li>
        <li>Or call the clinic before your visit starts and ask to have it by phone instead.</li>
      </ul>
    </VisitNoticePanel>
  ) : (
    <VisitNoticePanel title="Video visits need a secure connection" focusHeading={focusHeading}>
      <p className="text-slate-700">
        Open the link exactly as the clinic sent it: the address must start with https://. If it does and you still see this, call the
        clinic.
      </p>
    </VisitNoticePanel>
  );
}
