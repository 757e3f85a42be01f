// `npm run bench:lookup-cost` (N=60000 by default): what one cache hit costs Redis and the client.
// One node-redis 5 client (as the app uses), a ~13 KB entry: a plain GET, the Lua lookup the
// issue 8 redesign first used (commit 59f9cb2, kept here), a script that only GETs, a script
// that checks with GETRANGE, and the MGET of generation and entry the store uses now.
// Figures in BENCHMARKS.md ("Response cache hit before and after the issue 8 redesign").
const { createClient, RESP_TYPES } = require('redis');
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { createHash, randomBytes } = require('node:crypto');
const net = require('node:net');

const LOOKUP = `
local n = #KEYS - 1
local gens = {}
for i = 1, n do
  local g = redis.call('GET', KEYS[1 + i])
  if not g then
    g = ARGV[1] .. '.' .. i
    redis.call('SET', KEYS[1 + i], g, 'PX', ARGV[2])
  end
  gens[i] = g
end
local value = redis.call('GET', KEYS[1])
if value then
  local nl = string.find(value, '\\n', 1, true)
  if nl and string.sub(value, 1, nl - 1) == table.concat(gens, ',') then return value end
  redis.call('UNLINK', KEYS[1])
end
return gens`;
const GET_ONLY = `return redis.call('GET', KEYS[1])`;
// Same checks, but the generation header is compared by length first via STRLEN-free path:
// reads the whole value anyway (Lua cannot GETRANGE-then-return without a second copy).
const GETRANGE_CHECK = `
local n = #KEYS - 1
local gens = {}
for i = 1, n do
  local g = redis.call('GET', KEYS[1 + i])
  if not g then return 0 end
  gens[i] = g
end
local want = table.concat(gens, ',') .. '\\n'
if redis.call('GETRANGE', KEYS[1], 0, #want - 1) ~= want then return 0 end
return redis.call('GET', KEYS[1])`;
const sha = (s) => createHash('sha1').update(s).digest('hex');
const BIN = { [RESP_TYPES.BLOB_STRING]: Buffer };

function freePort() {
  return new Promise((r) => {
    const s = net.createServer();
    s.listen(0, () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });
}
function redisCpu(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10000;
} // us (CLK_TCK=100)

async function main() {
  const port = await freePort();
  const rs = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 300));
  const c = createClient({ url: `redis://127.0.0.1:${port}` });
  await c.connect();
  const body = randomBytes(13000).toString('base64').slice(0, 12890);
  const gen = 'AbCdEfGh1';
  const entry = Buffer.from(`${gen}\n${body}`);
  const K = '{freight}:r:GET:/api/loads?limit=20',
    G = '{freight}:g:loads:lists';
  await c.set(K, entry);
  await c.set(G, gen);
  await c.set('plain', Buffer.from(body));
  for (const s of [LOOKUP, GET_ONLY, GETRANGE_CHECK]) await c.sendCommand(['SCRIPT', 'LOAD', s]);
  let tok = 0;
  const cb = c.withTypeMapping(BIN);
  const modes = {
    'GET (plain 12.9 KB)': () => c.sendCommand(['GET', 'plain'], { typeMapping: BIN }),
    'EVALSHA LOOKUP_SCRIPT (1 dep)': () =>
      c.sendCommand(['EVALSHA', sha(LOOKUP), '2', K, G, 'tok' + (++tok).toString(36), '3600000'], { typeMapping: BIN }),
    'EVALSHA return GET only': () => c.sendCommand(['EVALSHA', sha(GET_ONLY), '1', K], { typeMapping: BIN }),
    'EVALSHA GETRANGE check + GET': () => c.sendCommand(['EVALSHA', sha(GETRANGE_CHECK), '2', K, G], { typeMapping: BIN }),
    'MGET gen entry + JS check': async () => {
      const [g, v] = await c.sendCommand(['MGET', G, K], { typeMapping: BIN });
      if (v.subarray(0, v.indexOf(10)).toString() !== String(g)) throw new Error('mismatch');
      return v;
    },
  };
  // sanity
  const hit = await modes['EVALSHA LOOKUP_SCRIPT (1 dep)']();
  if (!Buffer.isBuffer(hit) || hit.length !== entry.length) throw new Error('lookup script did not hit');
  const N = Number(process.env.N || 60000);
  const rows = [];
  for (const conc of [10, 100]) {
    for (const rep of [1, 2])
      for (const [name, fn] of Object.entries(modes)) {
        await c.sendCommand(['CONFIG', 'RESETSTAT']);
        let left = N;
        const worker = async () => {
          while (left-- > 0) await fn();
        };
        const cpu0 = process.cpuUsage(),
          r0 = redisCpu(rs.pid),
          t0 = process.hrtime.bigint();
        await Promise.all(Array.from({ length: conc }, worker));
        const dt = Number(process.hrtime.bigint() - t0) / 1e9;
        const cu = process.cpuUsage(cpu0),
          rcpu = redisCpu(rs.pid) - r0;
        const stats = await c.sendCommand(['INFO', 'commandstats']);
        const usec = (cmd) => {
          const m = String(stats).match(new RegExp(`cmdstat_${cmd}:calls=(\\d+),usec=(\\d+),usec_per_call=([\\d.]+)`));
          return m ? Number(m[3]) : null;
        };
        const srv = name.startsWith('EVALSHA')
          ? usec('evalsha')
          : name.startsWith('MULTI')
            ? usec('exec')
            : name.startsWith('MGET')
              ? usec('mget')
              : usec('get');
        rows.push({
          conc,
          rep,
          name,
          opsPerS: Math.round(N / dt),
          nodeUsPerOp: +((cu.user + cu.system) / N).toFixed(1),
          redisProcUsPerOp: +(rcpu / N).toFixed(1),
          redisUsecPerCall: srv,
        });
        console.error(JSON.stringify(rows.at(-1)));
      }
  }
  console.log(JSON.stringify(rows));
  await c.close();
  rs.kill();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
