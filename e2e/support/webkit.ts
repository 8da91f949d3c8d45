import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";

// WebKitGTK, driven through its W3C WebDriver server (Debian's
// webkit2gtk-driver) with plain HTTP: the tests need four commands, not a
// client library. MiniBrowser needs a display, so the driver runs under
// xvfb-run; --enable-mock-capture-devices gives it a camera and microphone.

const MINI_BROWSER = process.env.WEBKIT_MINIBROWSER_PATH ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port for WebKitWebDriver");
  return address.port;
}

export interface WebKitSession {
  goto(url: string): Promise<void>;
  /** Runs a script in the page (a function body; `return` its result). */
  evaluate<T>(script: string): Promise<T>;
  close(): Promise<void>;
}

export async function openWebKit(): Promise<WebKitSession> {
  const port = await freePort();
  // -a picks a free display; the driver's children (MiniBrowser) share it and end with it.
  const driver: ChildProcess = spawn("xvfb-run", ["-a", "WebKitWebDriver", `--port=${port}`], { stdio: "ignore", detached: true });
  const base = `http://127.0.0.1:${port}`;

  const command = async <T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const { value } = (await response.json()) as { value: T & { error?: string; message?: string } };
    if (!response.ok) throw new Error(`WebKitWebDriver ${method} ${path}: ${value.error}: ${value.message}`);
    return value;
  };

  const stopDriver = () => {
    // The whole process group: xvfb-run, Xvfb, the driver and MiniBrowser.
    if (driver.pid !== undefined && driver.exitCode === null) process.kill(-driver.pid, "SIGTERM");
  };

  try {
    for (;;) {
      if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${driver.exitCode}; is webkit2gtk-driver installed?`);
      const ready = await command<{ ready: boolean }>("GET", "/status").then(
        (status) => status.ready,
        () => false,
      );
      if (ready) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const { sessionId } = await command<{ sessionId: string }>("POST", "/session", {
      capabilities: {
        alwaysMatch: {
          // The tests' https front has a self-signed certificate (tls-proxy.ts).
          acceptInsecureCerts: true,
          "webkitgtk:browserOptions": { binary: MINI_BROWSER, args: ["--automation", "--enable-mock-capture-devices=true"] },
        },
      },
    });
    const session = `/session/${sessionId}`;
    return {
      goto: (url) => command<null>("POST", `${session}/url`, { url }).then(() => undefined),
      evaluate: (script) => command("POST", `${session}/execute/sync`, { script, args: [] }),
      close: async () => {
        await command("DELETE", session).catch(() => undefined);
        stopDriver();
      },
    };
  } catch (error) {
    stopDriver();
    throw error;
  }
}
