import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One kind of request; `rotate` values are substituted for `{{v}}` in turn, so requests vary. */
export interface LoadTarget {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Values cycled through (e.g. user tokens, account ids), each starting at a random offset. */
  rotate?: string[];
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  /** Non-2xx responses and socket errors. */
  errors: number;
  tool: 'wrk' | 'node';
}

export function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk prints its version and exits 1; only a missing binary throws ENOENT.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** Installs wrk with apt when it is missing (the bench still works without it, less precisely). */
export function ensureWrk(): boolean {
  if (hasWrk()) return true;
  try {
    execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'ignore', timeout: 120_000 });
  } catch {
    return false;
  }
  return hasWrk();
}

const lua = (s: string) => JSON.stringify(s);

function wrkScript(t: LoadTarget): string {
  const headers = Object.entries(t.headers ?? {})
    .map(([k, v]) => `[${lua(k)}] = ${lua(v)}`)
    .join(', ');
  return `
local values = { ${(t.rotate ?? ['']).map(lua).join(',\n')} }
local i = 0
init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  i = math.random(#values)
end
request = function()
  i = i % #values + 1
  local v = values[i]
  local path = string.gsub(${lua(t.path)}, "{{v}}", v)
  local headers = { ${headers} }
  for k, h in pairs(headers) do headers[k] = string.gsub(h, "{{v}}", v) end
  local body = ${t.body === undefined ? 'nil' : `string.gsub(${lua(t.body)}, "{{v}}", v)`}
  return wrk.format(${lua(t.method)}, path, headers, body)
end
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %d %f %f %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), errors))
end
`;
}

function runWrk(url: string, t: LoadTarget, connections: number, seconds: number): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'attach-bench-'));
  const script = join(dir, 'load.lua');
  writeFileSync(script, wrkScript(t));
  const args = ['-t2', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', '-s', script, url];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', () => {
      const m = out.match(/RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+)/);
      if (!m) return reject(new Error(`wrk output not understood:\n${out}`));
      const [requests, micros, p50, p99, errors] = m.slice(1).map(Number) as [
        number,
        number,
        number,
        number,
        number,
      ];
      const secs = micros / 1e6;
      resolve({
        requests,
        seconds: secs,
        rps: requests / secs,
        p50ms: p50 / 1000,
        p99ms: p99 / 1000,
        errors,
        tool: 'wrk',
      });
    });
  });
}

/** Fallback without wrk: `connections` keep-alive loops in this process (it shares the CPU). */
async function runNode(
  url: string,
  t: LoadTarget,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const base = new URL(url);
  const values = t.rotate ?? [''];
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const one = (v: string) =>
    new Promise<void>((resolve) => {
      const sub = (s: string) => s.replaceAll('{{v}}', v);
      const headers = Object.fromEntries(Object.entries(t.headers ?? {}).map(([k, h]) => [k, sub(h)]));
      const started = performance.now();
      const req = http.request(
        { agent, host: base.hostname, port: base.port, method: t.method, path: sub(t.path), headers },
        (res) => {
          res.resume();
          res.on('end', () => {
            if ((res.statusCode ?? 0) >= 300) errors++;
            latencies.push(performance.now() - started);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(t.body === undefined ? undefined : sub(t.body));
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      let i = Math.floor((values.length * c) / connections);
      while (performance.now() < end) await one(values[i++ % values.length] ?? '');
    }),
  );
  agent.destroy();
  const secs = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0;
  return {
    requests: latencies.length,
    seconds: secs,
    rps: latencies.length / secs,
    p50ms: pct(50),
    p99ms: pct(99),
    errors,
    tool: 'node',
  };
}

export function drive(url: string, t: LoadTarget, connections: number, seconds: number, useWrk: boolean) {
  return useWrk ? runWrk(url, t, connections, seconds) : runNode(url, t, connections, seconds);
}
