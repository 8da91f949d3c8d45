// For tests: reads iCalendar text back the way a calendar app would (unfold
// continuation lines, split parameters, unescape TEXT), so assertions are about
// what the patient's calendar will show rather than about our own string building.

export interface CalendarProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

export function readCalendar(text: string): CalendarProperty[] {
  return text
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .filter((line) => line !== "")
    .map(readProperty);
}

/** The unescaped value of the first property with that name. */
export function calendarValue(properties: CalendarProperty[], name: string): string | undefined {
  return properties.find((property) => property.name === name)?.value;
}

function readProperty(line: string): CalendarProperty {
  // The value starts at the first colon outside a quoted parameter value.
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length && colon < 0; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ":" && !quoted) colon = i;
  }
  if (colon < 0) throw new Error(`Not a content line: ${line}`);
  const [name = "", ...params] = line.slice(0, colon).match(/(?:[^;"]|"[^"]*")+/g) ?? [];
  return {
    name,
    params: Object.fromEntries(
      params.map((param) => {
        const [key = "", value = ""] = param.split(/=(.*)/s);
        return [key, value.replace(/^"(.*)"$/s, "$1")];
      }),
    ),
    value: unescapeText(line.slice(colon + 1)),
  };
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, escaped: string) => (escaped === "n" || escaped === "N" ? "\n" : escaped));
}
