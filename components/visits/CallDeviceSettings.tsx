"use client";

import { Room, RoomEvent } from "livekit-client";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { useBrowserSupport } from "./browserSupport";
import { visitFieldClassName } from "./styles";

type Kind = "videoinput" | "audioinput" | "audiooutput";

/** Each kind of device, as deviceCheck's messages name it. */
const FIELDS: Array<{ kind: Kind; name: "camera" | "microphone" | "speaker" }> = [
  { kind: "videoinput", name: "camera" },
  { kind: "audioinput", name: "microphone" },
  { kind: "audiooutput", name: "speaker" },
];

/**
 * Switching camera, microphone or speaker during the call (a headset plugged
 * in, a second camera), behind a disclosure so it stays out of the way.
 * LiveKit swaps the device under the published track; nobody has to rejoin.
 */
export function CallDeviceSettings({ room }: { room: Room }) {
  const t = useTranslations("call.devices");
  const names = useTranslations("deviceCheck");
  const baseId = useId();
  const support = useBrowserSupport();
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [active, setActive] = useState<Partial<Record<Kind, string>>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const refresh = () =>
      Room.getLocalDevices(undefined, false)
        .then((list) => {
          if (cancelled) return;
          setDevices(list.filter((device) => device.deviceId !== ""));
          setActive({
            videoinput: room.getActiveDevice("videoinput"),
            audioinput: room.getActiveDevice("audioinput"),
            audiooutput: room.getActiveDevice("audiooutput"),
          });
        })
        .catch(() => undefined);
    void refresh();
    room.on(RoomEvent.MediaDevicesChanged, refresh).on(RoomEvent.ActiveDeviceChanged, refresh);
    return () => {
      cancelled = true;
      room.off(RoomEvent.MediaDevicesChanged, refresh).off(RoomEvent.ActiveDeviceChanged, refresh);
    };
  }, [room]);

  async function choose(kind: Kind, deviceId: string) {
    setError(null);
    setActive((current) => ({ ...current, [kind]: deviceId }));
    try {
      await room.switchActiveDevice(kind, deviceId);
    } catch {
      setError(t("changeFailed"));
    }
  }

  const fields = FIELDS.filter((field) => field.kind !== "audiooutput" || support?.speakerSelection === true);

  return (
    <details className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <summary className="min-h-11 cursor-pointer py-2.5 font-medium text-slate-900">{t("summary")}</summary>
      <div className="mt-3 grid gap-4 sm:grid-cols-3">
        {fields.map(({ kind, name }) => {
          const options = devices.filter((device) => device.kind === kind);
          const id = `${baseId}-${kind}`;
          return (
            <div key={kind} className="space-y-1.5">
              <label htmlFor={id} className="block font-medium text-slate-900">
                {names(name)}
              </label>
              <select
                id={id}
                value={active[kind] ?? ""}
                onChange={(event) => void choose(kind, event.target.value)}
                disabled={options.length === 0}
                className={visitFieldClassName}
              >
                {!options.some((device) => device.deviceId === active[kind]) && <option value="">{t("default")}</option>}
                {options.map((device, index) => (
                  <option key={device.deviceId} value={device.deviceId}>
                    {device.label || names("unnamedDevice", { kind: name, number: index + 1 })}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
      {error && (
        <p role="alert" className="mt-3 text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </details>
  );
}
