import { readFileSync } from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { DEFAULT_LOCALE, LOCALES } from "./locales";
import { MESSAGES_DIRECTORY, readMessages, type NamespaceMessages } from "./testing/messages";

/** "a.b.c" → message, for every message in a namespace. */
function flatten(messages: NamespaceMessages, prefix = ""): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") flat.set(name, value);
    else for (const [inner, message] of flatten(value as NamespaceMessages, name)) flat.set(inner, message);
  }
  return flat;
}

const KIND: Partial<Record<TYPE, string>> = {
  [TYPE.argument]: "text",
  [TYPE.number]: "number",
  [TYPE.date]: "date",
  [TYPE.time]: "time",
  [TYPE.select]: "select",
  [TYPE.plural]: "plural",
  [TYPE.tag]: "tag",
};

/** The arguments and tags a message takes, as "name:kind", wherever they are nested. */
function argumentsOf(message: string): string[] {
  const found = new Set<string>();
  const visit = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      const kind = KIND[element.type];
      if (kind && "value" in element) found.add(`${element.value}:${kind}`);
      if ("options" in element) for (const option of Object.values(element.options)) visit(option.value);
      if ("children" in element) visit(element.children);
    }
  };
  visit(parse(message));
  return [...found].sort();
}

const english = readMessages(DEFAULT_LOCALE);
const translations = LOCALES.filter((locale) => locale !== DEFAULT_LOCALE);

describe.each(translations)("the %s messages", (locale) => {
  const translated = readMessages(locale);

  it("have exactly the English namespaces", () => {
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
  });

  describe.each(Object.keys(english).sort())("namespace %s", (namespace) => {
    const englishMessages = flatten(english[namespace] ?? {});
    const translatedMessages = flatten(translated[namespace] ?? {});

    it("has exactly the English keys", () => {
      expect([...translatedMessages.keys()].sort()).toEqual([...englishMessages.keys()].sort());
    });

    it("takes the same arguments and tags in every message", () => {
      for (const [key, message] of englishMessages) {
        const translation = translatedMessages.get(key);
        if (translation === undefined) continue;
        expect({ key, arguments: argumentsOf(translation) }).toEqual({ key, arguments: argumentsOf(message) });
      }
    });
  });
});

describe("the message types", () => {
  it("declare every English namespace, so that a missing key fails the typecheck", () => {
    const declarations = readFileSync(path.join(MESSAGES_DIRECTORY, "..", "app-config.d.ts"), "utf8");
    for (const namespace of Object.keys(english)) {
      expect(declarations).toContain(`import type ${namespace} from "./messages/en/${namespace}.json";`);
      expect(declarations).toContain(`${namespace}: typeof ${namespace};`);
    }
  });
});

describe("argumentsOf", () => {
  it("finds arguments inside plurals and selects, and rich-text tags", () => {
    expect(argumentsOf("{n, plural, one {# item for {name}} other {# items}} <strong>x</strong>")).toEqual(["n:plural", "name:text", "strong:tag"]);
  });
});
