import { useFormatter, useTranslations } from "next-intl";
import type { LabOrderView } from "@/lib/orders/orders";
import { LabOrderResults } from "./LabOrderResults";

/** The patient's results their physician has reviewed and told them about, each with its reference range and flag. */
export function PatientLabResults({ orders, timeZone }: { orders: LabOrderView[]; timeZone: string }) {
  const t = useTranslations("portal.results");
  const format = useFormatter();
  return (
    <section aria-labelledby="your-results" className="space-y-4">
      <h2 id="your-results" className="text-xl font-semibold text-slate-900">
        {t("heading")}
      </h2>
      {orders.length === 0 ? (
        <p className="text-slate-700">{t("none")}</p>
      ) : (
        <ul className="space-y-4">
          {orders.map((order) => (
            <li key={order.id} className="space-y-2">
              <p className="font-medium text-slate-900">
                {t("reviewed", {
                  panel: order.panelName,
                  physicianName: order.physicianName,
                  date: format.dateTime(order.reviewedAt ?? order.orderedAt, { dateStyle: "medium", timeZone }),
                })}
              </p>
              <LabOrderResults order={order} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
