"use client";

import type { Room } from "livekit-client";
import { useTranslations } from "next-intl";
import { Suspense } from "react";
import { RoomReconnecting } from "./callCode";

function ReconnectingAlert() {
  const t = useTranslations("call");
  return (
    <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 font-medium text-amber-950">
      {t("reconnecting")}
    </p>
  );
}

/**
 * "Reconnecting…" while LiveKit restores a dropped connection by itself, or
 * while we rejoin with a fresh token after a full disconnect (`rejoining`). An
 * alert, so it is announced at once; it disappears when the call is back.
 */
export function ReconnectingBanner({ room, rejoining }: { room: Room | null; rejoining: boolean }) {
  if (rejoining) return <ReconnectingAlert />;
  if (!room) return null;
  // A room exists only once the call's code has loaded (callCode.ts): nothing is downloaded here.
  return (
    <Suspense fallback={null}>
      <RoomReconnecting room={room}>
        <ReconnectingAlert />
      </RoomReconnecting>
    </Suspense>
  );
}
