import { getTranslations } from "next-intl/server";
import { secondaryActionClassName } from "@/components/actionStyles";
import { SelectField } from "@/components/SelectField";
import type { WaitlistPlace } from "@/lib/scheduling/waitlist";

/** The patient's waitlists, and a form to join a physician's: cancelled times with them are then offered by email. */
export async function WaitlistSection({
  places,
  physicians,
  joinAction,
}: {
  places: WaitlistPlace[];
  physicians: Array<{ id: string; name: string }>;
  joinAction: (formData: FormData) => Promise<never>;
}) {
  const t = await getTranslations("appointmentLinks.waitlist");
  return (
    <section id="waitlist" aria-labelledby="waitlist-heading" className="space-y-4">
      <h2 id="waitlist-heading" className="text-xl font-semibold text-slate-900">
        {t("heading")}
      </h2>
      <p className="text-slate-700">{t("intro")}</p>
      {places.length > 0 && (
        <ul className="list-disc pl-6 text-slate-800">
          {places.map((place) => (
            <li key={place.physicianId}>{t("onList", { physicianName: place.physicianName })}</li>
          ))}
        </ul>
      )}
      <form action={joinAction} className="flex flex-wrap items-end gap-3">
        <SelectField id="waitlist-physician" name="physicianId" label={t("physicianLabel")} required>
          {physicians.map((physician) => (
            <option key={physician.id} value={physician.id}>
              {physician.name}
            </option>
          ))}
        </SelectField>
        <button type="submit" className={secondaryActionClassName}>
          {t("join")}
        </button>
      </form>
    </section>
  );
}
