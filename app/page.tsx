import Link from "next/link";
import { Suspense } from "react";
import { PageHeader } from "@/components/PageHeader";
import { PhysicianDirectory } from "@/components/PhysicianDirectory";

const AUDIENCES = [
  {
    title: "For patients",
    description: "Join your video visit from the browser, and read the after-visit summary your physician writes for you.",
    href: "/patient",
    linkLabel: "Go to your visits",
  },
  {
    title: "For physicians",
    description:
      "See your day, admit patients from the waiting room, and consult with their chart beside the video while you write and sign the note.",
    href: "/physician",
    linkLabel: "Go to my day",
  },
  {
    title: "For schedulers",
    description: "Keep each physician's availability up to date and book visits, with every time shown in the right time zone.",
    href: "/scheduler",
    linkLabel: "Go to the calendar",
  },
  {
    title: "For admins",
    description: "Decide who can use the clinic and in which role, and review the audit trail of every access to patient records.",
    href: "/admin",
    linkLabel: "Go to administration",
  },
];

export default function HomePage() {
  return (
    <div className="space-y-16">
      <div className="grid items-center gap-10 lg:grid-cols-[3fr_2fr]">
        <PageHeader
          title="Secure video visits, with the chart and the note side by side"
          description="Telemedicine Clinic is open-source software for clinics that see patients by video. The physician has the patient's chart beside the video call and writes the consultation note as the visit happens."
        />
        <SideBySideIllustration />
      </div>

      <section aria-labelledby="audiences">
        <h2 id="audiences" className="text-2xl font-semibold tracking-tight text-slate-900">
          One place for the whole clinic
        </h2>
        <ul className="mt-6 grid gap-4 sm:grid-cols-2">
          {AUDIENCES.map((audience) => (
            <li key={audience.href} className="flex flex-col rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
              <h3 className="text-lg font-semibold text-slate-900">{audience.title}</h3>
              <p className="mt-2 flex-1 text-slate-700">{audience.description}</p>
              <Link
                href={audience.href}
                className="mt-4 self-start rounded font-medium text-primary-700 underline decoration-primary-200 underline-offset-4 transition-colors hover:text-primary-900 hover:decoration-primary-700"
              >
                {audience.linkLabel}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="our-physicians" className="scroll-mt-6">
        <h2 id="our-physicians" className="text-2xl font-semibold tracking-tight text-slate-900">
          Our physicians
        </h2>
        <div className="mt-6">
          <Suspense fallback={<p className="text-slate-600">Loading the physician directory…</p>}>
            <PhysicianDirectory />
          </Suspense>
        </div>
      </section>
    </div>
  );
}

/** The product in one picture: video, chart and note on one screen. Decorative; the heading says the same. */
function SideBySideIllustration() {
  return (
    <div aria-hidden="true" className="grid grid-cols-5 gap-2 rounded-2xl border border-slate-200 bg-white p-3 shadow-sm">
      <div className="col-span-3 row-span-2 flex min-h-36 items-center justify-center rounded-lg bg-primary-900">
        <svg viewBox="0 0 24 24" className="size-10 fill-primary-100">
          <path d="M3 7a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v2.5l4.2-2.8A.5.5 0 0 1 21 7.1v9.8a.5.5 0 0 1-.8.4L16 14.5V17a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />
        </svg>
      </div>
      <IllustrationPanel label="Chart" />
      <IllustrationPanel label="Note" />
    </div>
  );
}

function IllustrationPanel({ label }: { label: string }) {
  return (
    <div className="col-span-2 space-y-1.5 rounded-lg bg-slate-100 p-2.5">
      <p className="text-xs font-semibold text-slate-700">{label}</p>
      <div className="h-1.5 w-full rounded bg-slate-300" />
      <div className="h-1.5 w-4/5 rounded bg-slate-300" />
      <div className="h-1.5 w-3/5 rounded bg-slate-300" />
    </div>
  );
}
