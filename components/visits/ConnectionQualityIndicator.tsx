"use client";

import { ConnectionQuality, type Room } from "livekit-client";
import { useTranslations } from "next-intl";
import { useRoomUpdates } from "./roomUpdates";

const BARS: Record<ConnectionQuality, number> = {
  [ConnectionQuality.Excellent]: 3,
  [ConnectionQuality.Good]: 2,
  [ConnectionQuality.Poor]: 1,
  [ConnectionQuality.Lost]: 0,
  [ConnectionQuality.Unknown]: 0,
};

const BAR_HEIGHTS = ["h-1.5", "h-2.5", "h-3.5"];

/**
 * This browser's connection to the call, as LiveKit measures it: bars for the
 * eye, and the words (excellent, good, poor, lost) for everyone, so colour is
 * never the only signal.
 */
export function ConnectionQualityIndicator({ room }: { room: Room }) {
  const t = useTranslations("call");
  useRoomUpdates(room);
  const quality = room.localParticipant.connectionQuality;
  const bars = BARS[quality];
  const colour = bars >= 2 ? "bg-emerald-700" : "bg-red-700";
  return (
    <p role="status" className="inline-flex items-center gap-2 text-sm font-medium text-slate-800">
      <span aria-hidden="true" className="flex h-3.5 items-end gap-0.5">
        {BAR_HEIGHTS.map((height, index) => (
          <span key={height} className={`w-1.5 rounded-sm ${height} ${index < bars ? colour : "bg-slate-300"}`} />
        ))}
      </span>
      <span>{t("connection", { quality })}</span>
    </p>
  );
}
