import { useTranslations } from "next-intl";
import { formatLabValue } from "@/components/chart/format";
import { tableCellClassName, tableClassName, tableHeaderCellClassName } from "@/components/chart/styles";
import type { LabOrderView } from "@/lib/orders/orders";
import type { Json } from "@/components/chart/types";
import { LabFlag } from "./LabFlag";
import { ReferenceRange } from "./ReferenceRange";

/** One lab order's results as a table (test, value and unit, reference range, flag): in the chart, the inbox and the patient's portal. */
export function LabOrderResults({ order }: { order: Pick<LabOrderView | Json<LabOrderView>, "panelName" | "results"> }) {
  const t = useTranslations("clinical.results");
  return (
    <table className={tableClassName}>
      <caption className="sr-only">{t("caption", { panel: order.panelName })}</caption>
      <thead>
        <tr>
          <th scope="col" className={tableHeaderCellClassName}>
            {t("analyte")}
          </th>
          <th scope="col" className={`${tableHeaderCellClassName} text-right`}>
            {t("value")}
          </th>
          <th scope="col" className={tableHeaderCellClassName}>
            {t("referenceRange")}
          </th>
          <th scope="col" className={tableHeaderCellClassName}>
            {t("flag")}
          </th>
        </tr>
      </thead>
      <tbody>
        {order.results.map((result) => (
          <tr key={result.id}>
            <th scope="row" className={`${tableCellClassName} font-normal`}>
              {result.analyte}
            </th>
            <td className={`${tableCellClassName} text-right tabular-nums whitespace-nowrap`}>
              {formatLabValue(result.value, result.valueText)} {result.unit}
            </td>
            <td className={tableCellClassName}>
              <ReferenceRange low={result.referenceLow} high={result.referenceHigh} />
            </td>
            <td className={tableCellClassName}>
              <LabFlag flag={result.flag} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
