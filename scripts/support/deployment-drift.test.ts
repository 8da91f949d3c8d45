// The container files cannot be built on this machine (no registry), so they are
// kept honest here: each app container runs the command and gets the
// environment variable names `npm run cluster` gives each app instance
// (scripts/cluster.ts, read as code rather than run), the migrate job runs
// `npm run db:migrate`'s script, and the compose trial's HAProxy and LiveKit
// nodes are the cluster's. A rename on either side fails here.
import { readFileSync } from "node:fs";
import path from "node:path";
import { load } from "js-yaml";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { haproxyConfig } from "./cluster/haproxy";
import { CLUSTER_PORTS } from "./cluster/layout";
import { LIVEKIT_SERVER_VERSION } from "./livekit-server";

const root = path.join(import.meta.dirname, "..", "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const packageJson = JSON.parse(read("package.json")) as { scripts: Record<string, string>; dependencies: Record<string, string> };

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
}
const compose = load(read("compose.yaml")) as { services: Record<string, ComposeService> };

/** How scripts/cluster.ts starts each app instance: its command line and the names of the variables it sets. */
function clusterAppInstance(): { command: string[]; envNames: string[] } {
  const file = "scripts/cluster.ts";
  const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
  const nodes: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    nodes.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  const initializerOf = (name: string) =>
    nodes.find((node): node is ts.VariableDeclaration => ts.isVariableDeclaration(node) && node.name.getText() === name)?.initializer;
  const propertyNames = (object: ts.ObjectLiteralExpression) =>
    object.properties.filter((property) => !ts.isSpreadAssignment(property)).map((property) => property.name!.getText());
  const property = (object: ts.ObjectLiteralExpression, name: string) =>
    object.properties.find((candidate): candidate is ts.PropertyAssignment => ts.isPropertyAssignment(candidate) && candidate.name.getText() === name)
      ?.initializer;

  const appEnv = initializerOf("appEnv");
  if (!appEnv || !ts.isObjectLiteralExpression(appEnv)) throw new Error(`${file}: no object literal appEnv`);
  const deleted = nodes
    .filter((node): node is ts.DeleteExpression => ts.isDeleteExpression(node) && node.expression.getText().startsWith("appEnv."))
    .map((node) => node.expression.getText().slice("appEnv.".length));
  const start = nodes.find(
    (node): node is ts.CallExpression => ts.isCallExpression(node) && node.expression.getText() === "startClusterProcess" && node.getText().includes("appEnv"),
  );
  const options = start?.arguments[0];
  if (!options || !ts.isObjectLiteralExpression(options)) throw new Error(`${file}: no startClusterProcess({ … appEnv … }) call`);
  const env = property(options, "env");
  const args = property(options, "args");
  if (!env || !ts.isObjectLiteralExpression(env) || !args || !ts.isArrayLiteralExpression(args)) throw new Error(`${file}: the app's env or args changed shape`);

  // Each argument as it reads on a command line run from the project's folder.
  const argument = (node: ts.Expression): string => {
    if (ts.isStringLiteral(node)) return node.text;
    // import.meta.resolve("tsx") → what `--import tsx` resolves from the project.
    if (ts.isCallExpression(node) && node.expression.getText() === "import.meta.resolve") return argument(node.arguments[0]!);
    // path.join(import.meta.dirname, "serve.ts") in scripts/cluster.ts → scripts/serve.ts.
    if (ts.isCallExpression(node) && node.expression.getText() === "path.join" && node.arguments[0]!.getText() === "import.meta.dirname") {
      return path.posix.join("scripts", ...node.arguments.slice(1).map(argument));
    }
    if (ts.isIdentifier(node)) return argument(initializerOf(node.text)!);
    throw new Error(`${file}: cannot read the app's argument ${node.getText()}`);
  };
  const command = property(options, "command")?.getText() === "process.execPath" ? "node" : "?";
  return {
    command: [command, ...args.elements.map(argument)],
    envNames: [...propertyNames(appEnv).filter((name) => !deleted.includes(name)), ...propertyNames(env)].sort(),
  };
}

/** An npm script as the command a container runs without npm: `exec` dropped, `tsx X` as `node --import tsx X`. */
function scriptCommand(name: string): string[] {
  const words = packageJson.scripts[name]!.split(/\s+/).filter((word) => word !== "exec");
  if (words[0] !== "tsx") return words;
  const flags = words.slice(1).filter((word) => word.startsWith("--"));
  return ["node", ...flags, "--import", "tsx", ...words.slice(1).filter((word) => !word.startsWith("--"))];
}

/** The Dockerfile's stages: each FROM image with its ENV names and its CMD. */
function dockerStages(): Array<{ from: string; name: string; envNames: string[]; cmd: string[] | null }> {
  const instructions = read("Dockerfile")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const stages: Array<{ from: string; name: string; envNames: string[]; cmd: string[] | null }> = [];
  for (const line of instructions) {
    const [keyword, ...rest] = line.split(/\s+/);
    const argument = rest.join(" ");
    if (keyword === "FROM") stages.push({ from: rest[0]!, name: rest[2] ?? "", envNames: [], cmd: null });
    const stage = stages.at(-1)!;
    if (keyword === "ENV") stage.envNames.push(...[...argument.matchAll(/([A-Z_][A-Z0-9_]*)=/g)].map((match) => match[1]!));
    if (keyword === "CMD") stage.cmd = JSON.parse(argument) as string[];
  }
  return stages;
}

const cluster = clusterAppInstance();
/** The app's containers: the image's own command, no other. */
const appServices = Object.entries(compose.services).filter(([, service]) => service.image === "clinic-app:local" && !service.command);

describe("the app image and compose trial match `npm run cluster`'s app instances", () => {
  it("reads the cluster's app instance as it is today", () => {
    expect(cluster.command).toEqual(["node", "--conditions=react-server", "--import", "tsx", "scripts/serve.ts", "start"]);
    expect(cluster.envNames).toContain("DATABASE_URL");
    expect(cluster.envNames).toContain("PORT");
    expect(cluster.envNames).not.toContain("MIGRATION_DATABASE_URL");
  });

  it("runs the command each cluster instance runs, which is npm start's", () => {
    const runtime = dockerStages().at(-1)!;
    expect(runtime.cmd).toEqual(cluster.command);
    expect(scriptCommand("start")).toEqual(cluster.command);
  });

  it("sets in the image only variables the cluster sets for an instance", () => {
    const runtime = dockerStages().at(-1)!;
    expect(runtime.envNames.length).toBeGreaterThan(0);
    expect(runtime.envNames.filter((name) => !cluster.envNames.includes(name))).toEqual([]);
  });

  it("builds and runs on the Node that package.json pins", () => {
    const stages = dockerStages();
    // A stage starts from the pinned image or from an earlier stage.
    const bases = stages.map((stage) => (stages.some((earlier) => earlier.name === stage.from) ? "an earlier stage" : stage.from));
    expect(new Set(bases)).toEqual(new Set([`node:${packageJson.dependencies.node}-bookworm-slim`, "an earlier stage"]));
  });

  it("gives each app container exactly the cluster's variables, one per cluster app port", () => {
    expect(appServices.map(([, service]) => Number(service.environment?.PORT))).toEqual([...CLUSTER_PORTS.apps]);
    for (const [name, service] of appServices) {
      expect({ name, envNames: Object.keys(service.environment ?? {}).sort() }).toEqual({ name, envNames: cluster.envNames });
    }
  });

  it("migrates in a one-off job, as npm run db:migrate does, with the owner's URL kept out of the apps", () => {
    const migrate = compose.services.migrate!;
    expect(migrate.command).toEqual(scriptCommand("db:migrate"));
    expect(Object.keys(migrate.environment ?? {})).toEqual(["MIGRATION_DATABASE_URL"]);
  });

  it("fronts the apps and LiveKit nodes with the cluster's HAProxy config and LiveKit release", () => {
    const generated = haproxyConfig({
      dir: "",
      appPort: CLUSTER_PORTS.app,
      appBackends: CLUSTER_PORTS.apps,
      liveKitPort: CLUSTER_PORTS.liveKit,
      liveKitBackends: CLUSTER_PORTS.liveKitNodes.map((node) => node.signal),
      statsPort: CLUSTER_PORTS.haproxyStats,
    });
    const withoutHeader = (text: string) => text.split("\n").slice(1).join("\n").trimEnd();
    expect(withoutHeader(read("deploy/haproxy.cfg"))).toBe(withoutHeader(generated));

    const nodes = Object.values(compose.services).filter((service) => service.image?.startsWith("livekit/livekit-server:"));
    expect(nodes.map((node) => node.image)).toEqual(CLUSTER_PORTS.liveKitNodes.map(() => `livekit/livekit-server:v${LIVEKIT_SERVER_VERSION}`));
    const configs = nodes.map((node) => {
      const file = node.volumes![0]!.split(":")[0]!;
      const config = load(read(file)) as { port: number; rtc: { tcp_port: number; udp_port: number } };
      return { signal: config.port, tcp: config.rtc.tcp_port, udp: config.rtc.udp_port };
    });
    expect(configs).toEqual(CLUSTER_PORTS.liveKitNodes);
  });
});
