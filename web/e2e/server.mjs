// Starts a throwaway xueji server for the e2e tests:
//   XUEJI_BIN init --db sqlite:TMP/e2e.db
//   XUEJI_BIN gen-data --db sqlite:TMP/e2e.db --demo
//   [XUEJI_NOW=…] XUEJI_BIN serve --db sqlite:TMP/e2e.db --port PORT --web-root <repo>/web/dist
// XUEJI_BIN defaults to <repo>/build/xueji.
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const XUEJI_BIN = process.env.XUEJI_BIN || join(REPO_ROOT, 'build', 'xueji');
export const WEB_ROOT = join(REPO_ROOT, 'web', 'dist');
export const DEMO_PASSWORD = 'Demo@2026xj';

/**
 * Why the e2e tests cannot run here, or '' when they can. Under `make test`
 * (XUEJI_E2E_REQUIRE=1) a missing prerequisite is an error, never a skip.
 */
export function missingPrerequisite() {
  let reason = '';
  if (!existsSync(XUEJI_BIN)) reason = `xueji binary not found at ${XUEJI_BIN} (build it, or set XUEJI_BIN)`;
  else if (!existsSync(join(WEB_ROOT, 'index.html'))) reason = `web/dist not built (run: cd web && npm run build)`;
  if (reason && process.env.XUEJI_E2E_REQUIRE === '1') throw new Error(`e2e prerequisite missing: ${reason}`);
  return reason;
}

export function freePort() {
  return new Promise((resolveP, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolveP(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function run(args) {
  try {
    await execFileP(XUEJI_BIN, args, { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    throw new Error(`xueji ${args.join(' ')} failed: ${err.message}\n${err.stdout || ''}${err.stderr || ''}`);
  }
}

/**
 * Runs `xueji serve` on `db` with XUEJI_NOW = `now` (unset: the real clock)
 * and `args` added to its command line; waits for /healthz.
 */
async function serve(db, dir, { now, timeoutMs, args = [] }) {
  const port = await freePort();
  const logFile = join(dir, 'server.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  const env = { ...process.env };
  delete env.XUEJI_NOW;
  if (now) env.XUEJI_NOW = now;
  const child = spawn(
    XUEJI_BIN,
    ['serve', '--db', db, '--port', String(port), '--web-root', WEB_ROOT, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  const exitPromise = new Promise((r) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      r(exited);
    });
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let ready = false;
  while (Date.now() < deadline && !exited) {
    try {
      const resp = await fetch(`${baseUrl}/healthz`);
      if (resp.status === 200) {
        ready = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }

  async function halt() {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, 10_000);
      await exitPromise;
      clearTimeout(timer);
    }
    log.end();
  }

  if (!ready) {
    const why = exited ? `exited (${JSON.stringify(exited)})` : `no 200 from /healthz within ${timeoutMs} ms`;
    await halt().catch(() => {});
    throw new Error(`xueji serve ${why}; log was ${logFile}`);
  }
  return { baseUrl, logFile, halt };
}

/**
 * Starts a fresh server with the demo data. Returns {baseUrl, stop(),
 * restart({now}), logFile, dir}. `now` (e.g. "2026-03-02T10:00:00+08:00")
 * runs the server as if started at that instant; restart() serves the same
 * database again (on a new port, updating baseUrl), e.g. with the real clock
 * after records were made in the past; restart({args}) adds `args` to the
 * server's command line until the next restart.
 */
export async function startServer({ timeoutMs = 30_000, now = '' } = {}) {
  const missing = missingPrerequisite();
  if (missing) throw new Error(missing);

  const dir = mkdtempSync(join(tmpdir(), 'xueji-e2e-'));
  const db = `sqlite:${join(dir, 'e2e.db')}`;
  await run(['init', '--db', db]);
  await run(['gen-data', '--db', db, '--demo']);

  let current;
  try {
    current = await serve(db, dir, { now, timeoutMs });
  } catch (err) {
    if (!process.env.XUEJI_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const server = { baseUrl: current.baseUrl, logFile: current.logFile, dir };
  server.restart = async (options = {}) => {
    await current.halt();
    current = await serve(db, dir, { now: options.now || '', timeoutMs, args: options.args || [] });
    server.baseUrl = current.baseUrl;
    return server;
  };
  server.stop = async () => {
    await current.halt();
    if (!process.env.XUEJI_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
  };
  return server;
}
