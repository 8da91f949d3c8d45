/**
 * Matches a control's accessible name as a browser computes it when the name
 * is visible words followed by words for screen readers only
 * (`Admit<span class="sr-only"> Alex Morgan</span>`: "Admit Alex Morgan").
 * jsdom's name computation (dom-accessibility-api) trims the inner span's
 * text and reads "AdmitAlex Morgan", so the spaces are not compared.
 */
export function spokenAs(name: string): (computed: string) => boolean {
  const words = name.replace(/\s+/g, "");
  return (computed) => computed.replace(/\s+/g, "") === words;
}
