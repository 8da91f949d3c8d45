// The physician's keyboard shortcuts during a visit. Alt+Shift with a letter or
// digit: Alt alone opens browser menus on Linux and Windows, Ctrl combinations are
// the browser's own, and a plain letter would type into the note. Matched on the
// physical key (event.code), since Alt+Shift changes event.key on macOS and in
// other keyboard layouts. Pure, so each key is tested without a browser.

import { SECTION_LABELS, SOAP_SECTIONS, type SoapSection } from "@/components/notes/noteText";

export type ShortcutAction = "microphone" | "camera" | "help" | `chart-tab-${number}` | `note-${SoapSection}`;

/** The most chart tabs a digit reaches (Alt+Shift+1 … 9). */
const MAX_TAB_SHORTCUTS = 9;

const LETTER_ACTIONS: Readonly<Record<string, ShortcutAction>> = {
  KeyM: "microphone",
  KeyV: "camera",
  KeyS: "note-subjective",
  KeyO: "note-objective",
  KeyA: "note-assessment",
  KeyP: "note-plan",
};

export interface ShortcutKey {
  code: string;
  key: string;
  altKey: boolean;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  /** The element the key was pressed in: "?" types a question mark there instead of opening the list. */
  typingInField: boolean;
}

/** The action a key press asks for, or null when it is not a shortcut. */
export function shortcutAction(press: ShortcutKey): ShortcutAction | null {
  if (press.ctrlKey || press.metaKey) return null;
  if (press.altKey && press.shiftKey) {
    const letter = LETTER_ACTIONS[press.code];
    if (letter) return letter;
    const digit = /^Digit([1-9])$/.exec(press.code);
    if (digit && Number(digit[1]) <= MAX_TAB_SHORTCUTS) return `chart-tab-${Number(digit[1])}`;
    return null;
  }
  if (!press.altKey && press.key === "?" && !press.typingInField) return "help";
  return null;
}

/** The keys as the help dialog lists them, in the order it lists them. */
export function shortcutList(): { keys: string; does: string }[] {
  return [
    { keys: "Alt+Shift+M", does: "Turn your microphone off or on" },
    { keys: "Alt+Shift+V", does: "Turn your camera off or on" },
    { keys: `Alt+Shift+1 … ${MAX_TAB_SHORTCUTS}`, does: "Open the chart's tabs in their order (1 is Summary)" },
    ...SOAP_SECTIONS.map((section) => ({
      keys: `Alt+Shift+${SECTION_LABELS[section][0]}`,
      does: `Write in the note's ${SECTION_LABELS[section]}`,
    })),
    { keys: "?", does: "Show these shortcuts (outside a text field)" },
  ];
}
