import { OutsideRecordSource } from "./OutsideRecordSource";
import { FLAG_TEXT, formatChartDate, formatChartDateTime, formatLabValue, formatReferenceRange } from "./format";
import { tableCellClassName, tableClassName, tableHeaderCellClassName } from "./styles";
import type { LabPanelGroupJson } from "./types";

const FLAG_MARK: Record<LabPanelGroupJson["results"][number]["flag"], string> = {
  NORMAL: "",
  LOW: "▼",
  HIGH: "▲",
  CRITICAL_LOW: "▼▼",
  CRITICAL_HIGH: "▲▲",
};

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
            <td className={`${tableCellClassName} tabular-nums`}>{formatReferenceRange(result.referenceLow, result.referenceHigh)}</td>
            <td className={`${tableCellClassName} ${result.critical ? "font-bold text-red-800" : result.abnormal ? "font-bold text-amber-900" : ""}`}>
              {result.abnormal && <span aria-hidden="true">{FLAG_MARK[result.flag]} </span>}
              {FLAG_TEXT[result.flag]}
            </td>
            <td className={`${tableCellClassName} whitespace-nowrap`}>{date}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
