"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** A header link that marks itself as the current page, for screen readers and by its look. */
export function NavigationLink({ href, children }: { href: string; children: ReactNode }) {
  const isCurrentPage = usePathname() === href;
  return (
    <Link
      href={href}
      aria-current={isCurrentPage ? "page" : undefined}
      className="block rounded-md px-3 py-2 text-sm font-medium text-slate-700 transition-colors hover:bg-slate-100 hover:text-slate-900 aria-[current=page]:bg-primary-50 aria-[current=page]:text-primary-800"
    >
      {children}
    </Link>
  );
}
