import { OutsideRecordSource } from "./OutsideRecordSource";
import { LabFlag } from "@/components/clinical/LabFlag";
import { ReferenceRange } from "@/components/clinical/ReferenceRange";
import { formatChartDate, formatChartDateTime, formatLabValue } from "./format";
import { tableCellClassName, tableClassName, tableHeaderCellClassName } from "./styles";
import type { LabPanelGroupJson } from "./types";

/** One panel as drawn at one time, a row per result; out-of-range rows say so in the Flag column, in words and with an arrow. */
export function LabResultsTable({ group, timeZone }: { group: LabPanelGroupJson; timeZone: string }) {
  const date = formatChartDate(group.effectiveAt, timeZone);
  return (
    <table className={tableClassName}>
      <caption className="pb-1 text-left font-semibold text-slate-900">
        {group.panel} <span className="font-normal text-slate-700">· {formatChartDateTime(group.effectiveAt, timeZone)}</span>
        {group.abnormalCount > 0 && (
          <span className="font-normal text-red-800">
            {" "}
            · {group.abnormalCount} out of range
          </span>
        )}
      </caption>
      <thead>
        <tr>
          <th scope="col" className={tableHeaderCellClassName}>
            Analyte
          </th>
          <th scope="col" className={`${tableHeaderCellClassName} text-right`}>
            Value
          </th>
          <th scope="col" className={tableHeaderCellClassName}>
            Unit
          </th>
          <th scope="col" className={tableHeaderCellClassName}>
            Reference range
          </th>
          <th scope="col" className={tableHeaderCellClassName}>
            Flag
          </th>
          <th scope="col" className={tableHeaderCellClassName}>
            Date
          </th>
        </tr>
      </thead>
      <tbody>
        {group.results.map((result) => (
          <tr key={result.id} className={result.critical ? "bg-red-50" : result.abnormal ? "bg-amber-50" : undefined}>
            <th scope="row" className={`${tableCellClassName} font-normal`}>
              {result.analyte}
              {result.source && (
                <span className="block">
                  <OutsideRecordSource source={result.source} />
                </span>
              )}
            </th>
            <td className={`${tableCellClassName} text-right tabular-nums ${result.abnormal ? "font-bold" : ""}`}>
              {formatLabValue(result.value, result.valueText)}
            </td>
            <td className={tableCellClassName}>{result.unit}</td>
            <td className={tableCellClassName}>
              <ReferenceRange low={result.referenceLow} high={result.referenceHigh} />
            </td>
            <td className={tableCellClassName}>
              <LabFlag flag={result.flag} />
            </td>
            <td className={`${tableCellClassName} whitespace-nowrap`}>{date}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
