#!/usr/bin/env node
// A Prisma generator that writes the schema's full datamodel DMMF next to the
// generated client. The client itself only embeds a compact model (names and
// types); the drift test needs nullability, defaults and indexes as Prisma sees them.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import generatorHelper from "@prisma/generator-helper";

generatorHelper.generatorHandler({
  onManifest: () => ({ prettyName: "Datamodel DMMF", defaultOutput: "./datamodel.json" }),
  onGenerate: async (options) => {
    const output = options.generator.output?.value;
    if (!output) throw new Error("The datamodel generator needs an output path");
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, `${JSON.stringify(options.dmmf.datamodel, null, 2)}\n`);
  },
});
