// `wrht-sim web`: serves the built explorer (dist/web) on localhost. The page computes everything
// itself; this is a plain static file server, and any other static host serves the folder as well.
import type { Command } from "commander";
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../core/errors.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** dist/web, next to the CLI bundle (dist/cli) or the compiled sources (dist/src/cli). */
export function webRoot(): string {
  for (const rel of ["../web", "../../web"]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(p, "index.html"))) return p;
  }
  throw new InputError("web", "dist/web", "a built explorer", "web: dist/web/index.html is missing; build it with `npm run build:web` (or run `npm run web`)");
}

/**
 * What the page may do, and nothing more: its own scripts, workers and the kernel (WebAssembly
 * compiles under 'wasm-unsafe-eval'; Vega's expressions run in its interpreter, so no 'unsafe-eval'),
 * inline styles (Vega's SVG sets style attributes), and no plugins, framing or form posts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'", "connect-src 'self'", "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = { "x-content-type-options": "nosniff", "content-security-policy": CONTENT_SECURITY_POLICY, "referrer-policy": "no-referrer" };

/** Serves `root` on host:port (0 = any free port); resolves with the address once listening. GET and HEAD only. */
export function serveStatic(root: string, host: string, port: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...SECURITY_HEADERS, allow: "GET, HEAD", "content-type": "text/plain" }).end("method not allowed\n");
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      res.writeHead(400, { ...SECURITY_HEADERS, "content-type": "text/plain" }).end("bad request\n");
      return;
    }
    const file = normalize(join(root, path.endsWith("/") ? path + "index.html" : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { ...SECURITY_HEADERS, "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { ...SECURITY_HEADERS, "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-length": body.length, "cache-control": "no-cache" });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const a = server.address();
      const p = typeof a === "object" && a ? a.port : port;
      resolve({ server, url: `http://${host.includes(":") ? `[${host}]` : host}:${p}/` });
    });
  });
}

export function webCommand(program: Command): void {
  program
    .command("web")
    .description("serve the web explorer (dist/web) on localhost and print its address")
    .option("--port <n>", "port to listen on, 0 = any free port (default 8080, or a free one if 8080 is taken)")
    .option("--host <address>", "address to listen on (default 127.0.0.1)")
    .addHelpText("after", "\nExamples:\n  wrht-sim web\n  wrht-sim web --port 0")
    .action(async (opts: { port?: string; host?: string }) => {
      const root = webRoot();
      const host = opts.host ?? "127.0.0.1";
      const port = opts.port === undefined ? 8080 : Number(opts.port);
      if (opts.port !== undefined && (!/^\d+$/.test(opts.port.trim()) || port > 65535)) throw new InputError("--port", opts.port, "a port from 0 to 65535");
      let served: { server: Server; url: string };
      try {
        served = await serveStatic(root, host, port);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE" || opts.port !== undefined) {
          throw new InputError(opts.port === undefined ? "web" : "--port", port, "a free port", `${opts.port === undefined ? "web" : "--port"}: ${host}:${port} is not available (${(e as Error).message}); pick another with --port`);
        }
        served = await serveStatic(root, host, 0);
      }
      process.stdout.write(`WRHT-Sim explorer: ${served.url}\n(serving ${root}; Ctrl-C stops)\n`);
    });
}
