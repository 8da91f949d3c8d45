"use client";

import { useEffect } from "react";
import { forgetOfflinePages } from "@/components/notes/offlinePages";

/**
 * On the sign-in page, where every sign-out lands (by the button, after
 * inactivity, or a session that ended): whoever is here is not signed in, so
 * the visit pages kept for offline use go. Renders nothing.
 */
export function ForgetOfflinePages() {
  useEffect(() => {
    void forgetOfflinePages();
  }, []);
  return null;
}
