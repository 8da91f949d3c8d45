"use client";

import { useEffect, useEffectEvent } from "react";
import { shortcutAction, type ShortcutAction } from "./keymap";

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type !== "checkbox" && target.type !== "radio");
}

/**
 * Runs `handler` when the key for `action` is pressed anywhere on the page
 * (components/shortcuts/keymap.ts), while `enabled`. Each part of the visit page
 * registers its own: the call its microphone and camera, the chart its tabs,
 * the note its sections.
 */
export function useShortcut(action: ShortcutAction | readonly ShortcutAction[], handler: (action: ShortcutAction) => void, enabled = true) {
  const onShortcut = useEffectEvent(handler);
  const actions = typeof action === "string" ? action : action.join(" ");
  useEffect(() => {
    if (!enabled) return;
    const wanted = new Set(actions.split(" "));
    const listener = (event: KeyboardEvent) => {
      const asked = shortcutAction({
        code: event.code,
        key: event.key,
        altKey: event.altKey,
        shiftKey: event.shiftKey,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        typingInField: isTextField(event.target),
      });
      if (!asked || !wanted.has(asked)) return;
      event.preventDefault();
      onShortcut(asked);
    };
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, [actions, enabled]);
}
