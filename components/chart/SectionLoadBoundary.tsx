"use client";

import { Component, type ReactNode } from "react";

/**
 * Keeps a chart section that fails to load (its code is fetched the first time
 * the tab opens, which fails offline) from taking the whole visit page, and the
 * note beside it, down with it.
 */
export class SectionLoadBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (this.state.failed) {
      return (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-slate-900">
          This section could not be loaded, probably because the connection is down. Reload the page once you are back online;
          the note is kept on this device meanwhile.
        </p>
      );
    }
    return this.props.children;
  }
}
