import { secondaryActionClassName } from "@/components/actionStyles";
import type { Superbill } from "@/lib/billing/billing";
import { superbillDocument } from "@/lib/billing/superbill-document";
import { PrintButton } from "@/components/PrintButton";

// The superbill of one signed visit, as its PDF says it (superbillDocument),
// laid out to print on one page.

export function SuperbillView({ bill }: { bill: Superbill }) {
  const document = superbillDocument(bill);
  return (
    <article aria-labelledby="superbill-title" className="space-y-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm print:border-0 print:p-0 print:shadow-none">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 id="superbill-title" className="text-2xl font-semibold text-slate-900">
            {document.title}
          </h2>
          <p className="text-slate-700">{document.subtitle}</p>
        </div>
        <div className="flex flex-wrap gap-3 print:hidden">
          <PrintButton />
          <a className={secondaryActionClassName} href={`/api/visits/${encodeURIComponent(bill.appointmentId)}/superbill/pdf`} download>
            Download PDF
          </a>
        </div>
      </div>
      <dl className="grid gap-6 sm:grid-cols-2 print:grid-cols-2">
        {document.sections.map((section) => (
          <div key={section.heading} className={section.heading === "Telehealth" ? "sm:col-span-2 print:col-span-2" : undefined}>
            <dt className="font-semibold text-slate-900">{section.heading}</dt>
            {section.lines.map((line) => (
              <dd key={line} className="text-slate-800">
                {line}
              </dd>
            ))}
          </div>
        ))}
      </dl>
    </article>
  );
}
