import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ReactNode } from "react";
import catalogLoader from "next-intl/extractor/catalogLoader";
import { _createCache, _createIntlFormatters, createTranslator } from "use-intl/core";
import formatPrecompiled from "use-intl/format-message/format-only";
import { describe, expect, it } from "vitest";
import { LOCALES, type Locale } from "./locales";
import { MESSAGES_DIRECTORY } from "./testing/messages";

// The build compiles every message file with next-intl's loader (next.config.ts)
// and pages format the result with use-intl's compiled-message formatter; tests
// and the mail worker parse the plain files at run time. This holds the two to
// the same words: every message, in every language, with every branch of each
// of its selects and plurals (the call's "Connection: poor" is one), says
// exactly what the parsed message says.

type Compiled = string | number | Compiled[] | { [branch: string]: Compiled };
type Tree = { [key: string]: Tree | Compiled };
type Value = string | number | Date | ((chunks: ReactNode) => string);

/** The file as the build's loader turns it into a module, read back. */
function precompiledFile(file: string): Promise<Tree> {
  return new Promise((resolve, reject) => {
    const context = {
      getOptions: () => ({ messages: { format: "json", precompile: true } }),
      async: () => (error: Error | null, result?: string) => {
        if (error) return reject(error);
        const json = /^export default JSON\.parse\((.*)\);$/s.exec(result ?? "")?.[1];
        if (!json) return reject(new Error(`unexpected loader output: ${result?.slice(0, 80)}`));
        resolve(JSON.parse(JSON.parse(json) as string) as Tree);
      },
      resourcePath: file,
      rootContext: process.cwd(),
    };
    catalogLoader.call(context as unknown as ThisParameterType<typeof catalogLoader>, readFileSync(file, "utf8"));
  });
}

/** Each message with its dotted key; a message is a string, or once compiled also an array. */
function leaves(tree: Tree | Compiled, prefix = ""): [string, Compiled][] {
  if (typeof tree !== "object" || Array.isArray(tree)) return [[prefix, tree]];
  return Object.entries(tree).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}

const TYPE_SELECT = 1;
const TYPE_PLURAL = 2;
const TYPE_SELECTORDINAL = 3;
const TYPE_NUMBER = 4;

/** Each argument of a compiled message with the values worth trying for it. */
function argumentChoices(message: Compiled, choices = new Map<string, Value[]>()): Map<string, Value[]> {
  const list = (nodes: Compiled) => {
    if (Array.isArray(nodes)) for (const node of nodes) argument(node);
  };
  const argument = (node: Compiled) => {
    if (!Array.isArray(node)) return;
    const [name, type, ...rest] = node as [string, Compiled?, ...Compiled[]];
    if (type === undefined) choices.set(name, ["Ada"]);
    else if (typeof type !== "number") {
      choices.set(name, [(chunks) => `<${name}>${[chunks].flat().join("")}</${name}>`]);
      list([type, ...rest]);
    } else if (type === TYPE_SELECT) {
      const branches = rest[0] as Record<string, Compiled>;
      choices.set(name, [...Object.keys(branches), "something-else"]);
      Object.values(branches).forEach(list);
    } else if (type === TYPE_PLURAL || type === TYPE_SELECTORDINAL) {
      choices.set(name, [0, 1, 2, 5, 21]);
      Object.values(rest[0] as Record<string, Compiled>).forEach(list);
    } else if (type === TYPE_NUMBER) choices.set(name, [1234.5]);
    else choices.set(name, [new Date(Date.UTC(2026, 2, 9, 14, 30))]);
  };
  list(message);
  return choices;
}

/** The first choice of every argument, then each other choice of one argument at a time. */
function valueSets(choices: Map<string, Value[]>): Record<string, Value>[] {
  const base: Record<string, Value> = Object.fromEntries([...choices].map(([name, values]) => [name, values[0] as Value]));
  return [base, ...[...choices].flatMap(([name, values]) => values.slice(1).map((value) => ({ ...base, [name]: value })))];
}

/** use-intl's run-time parsing translator, untyped: these are any namespace's keys, read from the files. */
const parsedTranslator = createTranslator as unknown as (config: {
  locale: Locale;
  messages: Record<string, Tree>;
  namespace: string;
  timeZone: string;
  onError: (error: Error) => void;
}) => { markup: (key: string, values: Record<string, Value>) => string };

const namespaces = readdirSync(path.join(MESSAGES_DIRECTORY, "en")).map((file) => path.basename(file, ".json"));

describe("messages compiled at build time", () => {
  describe.each(LOCALES)("in %s", (locale: Locale) => {
    it.each(namespaces)("say what the parsed %s messages say, branch by branch", async (namespace) => {
      const file = path.join(MESSAGES_DIRECTORY, locale, `${namespace}.json`);
      const plain = JSON.parse(readFileSync(file, "utf8")) as Tree;
      const compiled = new Map(leaves(await precompiledFile(file)));
      const parsed = parsedTranslator({ locale, messages: { [namespace]: plain }, namespace, timeZone: "UTC", onError: (error) => { throw error; } });
      const cache = _createCache();
      const formatters = _createIntlFormatters(cache);
      let checked = 0;
      for (const [key] of leaves(plain)) {
        const message = compiled.get(key) ?? "";
        for (const values of valueSets(argumentChoices(message))) {
          const expected = parsed.markup(key, values);
          expect(formatPrecompiled(key, message as never, values, { cache, formatters, locale, timeZone: "UTC" }), `${namespace}.${key} with ${JSON.stringify(values)}`).toBe(expected);
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  });
});
