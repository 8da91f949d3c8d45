/**
 * A ref that moves keyboard and screen-reader focus to an element when it
 * appears, for content that replaces the control the person just used. Stable
 * (module-level), so React calls it once per mount, not on every render.
 */
export function focusOnMount(element: HTMLElement | null): void {
  element?.focus();
}
