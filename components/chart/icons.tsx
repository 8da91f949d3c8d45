// Icons that sit beside words (never instead of them), hidden from screen readers.

export function WarningIcon({ className = "h-4 w-4" }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false" className={`inline-block shrink-0 ${className}`}>
      <path d="M10 1.5 19 18H1L10 1.5Z" fill="currentColor" />
      <path d="M9 7h2v5H9zM9 13.5h2v2H9z" fill="white" />
    </svg>
  );
}
