// Operations: the real server started as `npm start` would, in a child process on a throw-away
// SQLite database and a free port. Health checks, JSON logs without personal data, and a graceful
// shutdown that lets a request in flight finish before the process exits 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../src/platform/demo.js';

const root = resolve(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

interface RunningServer {
  child: ChildProcess;
  port: number;
  base: string;
  output(): string;
  exited: Promise<number | null>;
}

async function startServer(dir: string): Promise<RunningServer> {
  const port = await freePort();
  let stdout = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/app/main.ts')], {
    // cwd is the checkout so `--import tsx` resolves; the database lives in the temp dir.
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      DATABASE_URL: `sqlite:${join(dir, 'samtrygg.sqlite')}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SAMTRYGG_DEMO: 'true',
      WORKERS: 'true',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const base = `http://127.0.0.1:${port}`;
  // Wait until it answers (first start migrates and creates the demo) or dies.
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`server exited early with ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 1200) throw new Error(`server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, port, base, output: () => stdout, exited };
}

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

describe('the server as a process', () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samtrygg-ops-'));
    server = await startServer(dir);
  }, 120_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthz and /readyz once the database is migrated', async () => {
    const health = await fetch(`${server.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('writes JSON log lines that hold no e-mail address or password after a sign-in attempt', async () => {
    const page = await fetch(`${server.base}/logga-in`);
    const html = await page.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(token).toBeTruthy();
    const email = demoAccounts[1].email;
    const wrongPassword = 'fel-losenord-xyz-12345';
    const attempt = await fetch(`${server.base}/logga-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesFrom(page) },
      body: new URLSearchParams({ _csrf: token!, email, password: wrongPassword }).toString(),
    });
    expect(attempt.status).toBeLessThan(500);
    expect(attempt.status).not.toBe(303);
    // A request log line for the attempt has been written by the time the response arrived.
    await fetch(`${server.base}/healthz`);
    const lines = server.output().split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(lines.some((line) => (JSON.parse(line) as { route?: string; method?: string }).route === '/logga-in')).toBe(true);
    const all = lines.join('\n');
    expect(all).not.toContain(email);
    expect(all).not.toContain(wrongPassword);
    expect(all).not.toContain('trygghet-demo-2016');
    expect(all).not.toMatch(/[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}/i);
  });

  it('finishes a request still in flight on SIGTERM, then exits 0', async () => {
    // A request whose body is still arriving when the signal comes: the headers announce 200
    // bytes and ask for "100 Continue", so we know the server has the request in hand; part of
    // the body follows, then SIGTERM, and the rest only once the server has logged the signal.
    // "Connection: close" has the server close the socket after its answer. The client never
    // half-closes: Node's HTTP server takes a FIN before its answer as an aborted request, so
    // ending the socket with the body's last bytes raced the answer (seen with two test files
    // running at once).
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((done, fail) => socket.once('connect', done).once('error', fail));
    let response = '';
    const received = (text: string) =>
      new Promise<void>((done) => {
        const check = () => {
          if (response.includes(text)) {
            socket.off('data', check);
            done();
          }
        };
        socket.on('data', check);
        check();
      });
    socket.setEncoding('utf8').on('data', (chunk: string) => (response += chunk));
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    const body = `q=${'a'.repeat(198)}`;
    socket.write(
      `POST /logga-in HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\nExpect: 100-continue\r\n\r\n`,
    );
    await received('100 Continue');
    socket.write(body.slice(0, 50));
    server.child.kill('SIGTERM');
    await waitUntil(() => server.output().includes('shutting down'));
    expect(server.child.exitCode).toBeNull();
    socket.write(body.slice(50));
    await closed;
    const status = Number(/HTTP\/1\.1 ([2-5]\d{2})/.exec(response)?.[1]);
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(500);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });
});
