"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { FormAlert } from "@/components/FormAlert";
import { visitSecondaryButtonClassName } from "@/components/visits/styles";
import type { IntakeUploadJson } from "@/lib/intake/types";
import type { IntakeApi, UploadKind } from "./intakeApi";

// The optional photos of check-in: of the condition (up to three) and of an
// ID (one). The server decides by the file's content whether it is an image;
// the patient does not see them back (only their doctor does), so each sent
// photo is listed by number and size, with a way to take it back.

const LIMITS: Record<UploadKind, number> = { CONDITION_PHOTO: 3, ID_PHOTO: 1 };
const ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif";

export function IntakePhotos({ api, uploads, onChange }: { api: IntakeApi; uploads: IntakeUploadJson[]; onChange: (uploads: IntakeUploadJson[]) => void }) {
  const t = useTranslations("intake.photos");
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h2 id={headingId} className="text-lg font-semibold text-slate-900">
        {t("title")}
      </h2>
      {(["CONDITION_PHOTO", "ID_PHOTO"] as const).map((kind) => (
        <PhotoPicker key={kind} kind={kind} api={api} uploads={uploads} onChange={onChange} />
      ))}
    </section>
  );
}

function PhotoPicker({ kind, api, uploads, onChange }: { kind: UploadKind; api: IntakeApi; uploads: IntakeUploadJson[]; onChange: (uploads: IntakeUploadJson[]) => void }) {
  const t = useTranslations("intake.photos");
  const id = useId();
  const [outcome, setOutcome] = useState<{ tone: "error" | "success"; text: string; key: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const mine = uploads.filter((upload) => upload.kind === kind);
  const full = mine.length >= LIMITS[kind];

  async function send(file: File) {
    setBusy(true);
    setOutcome((previous) => ({ tone: "success", text: t("uploading"), key: (previous?.key ?? 0) + 1 }));
    const result = await api.upload(kind, file);
    setBusy(false);
    if (result.ok) {
      onChange([...uploads, result.data.upload]);
      setOutcome((previous) => ({ tone: "success", text: t("uploaded"), key: (previous?.key ?? 0) + 1 }));
    } else {
      setOutcome((previous) => ({ tone: "error", text: t("uploadFailed", { error: result.error }), key: (previous?.key ?? 0) + 1 }));
    }
  }

  async function remove(upload: IntakeUploadJson) {
    const result = await api.remove(upload.id);
    if (result.ok || result.status === 404) {
      onChange(uploads.filter((each) => each.id !== upload.id));
      setOutcome((previous) => ({ tone: "success", text: t("removed"), key: (previous?.key ?? 0) + 1 }));
    } else {
      setOutcome((previous) => ({ tone: "error", text: result.error, key: (previous?.key ?? 0) + 1 }));
    }
  }

  return (
    <div className="space-y-2 rounded-md border border-slate-300 p-4">
      <label htmlFor={id} className="block font-medium text-slate-900">
        {kind === "ID_PHOTO" ? t("idLabel") : t("conditionLabel")}
      </label>
      <p id={`${id}-hint`} className="text-sm text-slate-700">
        {kind === "ID_PHOTO" ? t("idHint") : t("conditionHint", { max: LIMITS.CONDITION_PHOTO })}
      </p>
      <input
        id={id}
        type="file"
        accept={ACCEPT}
        disabled={busy || full}
        aria-describedby={`${id}-hint${full ? ` ${id}-full` : ""}`}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = "";
          if (file) void send(file);
        }}
        className="block min-h-11 text-slate-900 file:mr-3 file:min-h-11 file:rounded-md file:border file:border-slate-500 file:bg-white file:px-4 file:font-medium"
      />
      {full && (
        <p id={`${id}-full`} className="text-sm text-slate-700">
          {t("full")}
        </p>
      )}
      <p className="text-sm text-slate-700">{kind === "ID_PHOTO" ? (mine.length > 0 ? t("idSent") : t("sent", { count: 0 })) : t("sent", { count: mine.length })}</p>
      {mine.length > 0 && (
        <ul className="space-y-2">
          {mine.map((upload, index) => {
            const name = t("photoName", { number: index + 1, size: Math.max(1, Math.round(upload.byteSize / 1024)) });
            return (
              <li key={upload.id} className="flex flex-wrap items-center gap-3">
                <span className="text-slate-900">{name}</span>
                <button type="button" className={visitSecondaryButtonClassName} onClick={() => void remove(upload)}>
                  {t("remove", { name })}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {outcome && (
        <div key={outcome.key} aria-live="polite">
          {outcome.tone === "error" ? <FormAlert tone="error">{outcome.text}</FormAlert> : <p className="text-sm font-medium text-emerald-900">{outcome.text}</p>}
        </div>
      )}
    </div>
  );
}
