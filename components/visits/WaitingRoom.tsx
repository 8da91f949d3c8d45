"use client";

import { visitSecondaryButtonClassName } from "./styles";
import { VisitNoticePanel } from "./VisitNoticePanel";

/**
 * Where a patient or guest waits, connected but sending and receiving
 * nothing, until the physician admits them; the call then starts by itself.
 */
export function WaitingRoom({ physicianName, focusHeading, onLeave }: { physicianName: string; focusHeading: boolean; onLeave: () => void }) {
  return (
    <VisitNoticePanel title="Waiting room" focusHeading={focusHeading}>
      <p className="text-lg text-slate-900">Dr. {physicianName} will let you in shortly.</p>
      <p className="text-slate-700">
        Keep this page open. When you are let in, the call starts here by itself and your camera and microphone turn on as you chose.
        Nobody can see or hear you while you wait.
      </p>
      <button type="button" onClick={onLeave} className={visitSecondaryButtonClassName}>
        Leave
      </button>
    </VisitNoticePanel>
  );
}
