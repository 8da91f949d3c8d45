export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto max-w-5xl space-y-1 px-4 py-6 text-sm text-slate-600 sm:px-6">
        <p>
          <strong className="font-semibold text-slate-800">Not for emergencies.</strong> If you think you have a medical
          emergency, call your local emergency number.
        </p>
        <p>Telemedicine Clinic is open-source software, licensed under the AGPL-3.0.</p>
      </div>
    </footer>
  );
}
