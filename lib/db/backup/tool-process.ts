import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import { BackupError } from "./errors";
import { libpqConnection, type FoundTool } from "./postgres-tools";

export interface ToolRun {
  child: ChildProcess;
  /** Resolves when the tool exits 0; otherwise rejects with what it printed on stderr. */
  done: Promise<void>;
}

/** Runs pg_dump or pg_restore, against the database at `url` when given (its password in the environment, not the arguments). */
export function runTool(tool: FoundTool, args: string[], url: string | null, options: { stdin: "pipe" | "ignore" }): ToolRun {
  const connection = url ? libpqConnection(url) : { dbname: null, env: {} };
  const child = spawn(tool.path, connection.dbname ? [...args, `--dbname=${connection.dbname}`] : args, {
    env: { ...process.env, ...connection.env },
    stdio: [options.stdin, "pipe", "pipe"],
  });
  const stderr: string[] = [];
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    stderr.push(text);
    if (stderr.length > 50) stderr.shift();
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once("error", (error) => reject(new BackupError("POSTGRES_TOOL_FAILED", `${tool.path} could not run: ${error.message}`)));
    child.once("close", (code, signal) => {
      if (code === 0) resolve();
      else {
        const ended = signal ? `was stopped by ${signal}` : `exited with status ${code}`;
        reject(new BackupError("POSTGRES_TOOL_FAILED", `${tool.path} ${tool.version} ${ended}:\n${stderr.join("").trim()}`));
      }
    });
  });
  return { child, done };
}
