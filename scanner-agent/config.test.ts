import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { AgentConfigError } from './errors.js';

const cwd = '/srv/station';
const deps = (files: Record<string, string> = {}) => ({
  cwd,
  hostname: () => 'may-quet-01',
  readFile: (p: string) => {
    const v = files[p];
    if (v === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    return v;
  },
});

const problemsOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(AgentConfigError);
    return (err as Error).message.split('\n').slice(1);
  }
  throw new Error('expected a configuration error');
};

describe('loadConfig', () => {
  it('applies the defaults, resolving folders against the working directory', () => {
    const cfg = loadConfig({ AGENT_TOKEN: 'tok' }, [], deps());
    expect(cfg.command).toBe('watch');
    expect(cfg.logLevel).toBe('info');
    expect(cfg.tokenSource).toEqual({ kind: 'env' });
    expect(cfg.agent).toMatchObject({
      serverUrl: 'http://127.0.0.1:3000',
      token: 'tok',
      workstation: 'may-quet-01',
      inboxDir: join(cwd, 'inbox'),
      outboxDir: join(cwd, 'data', 'agent-outbox'),
      stableMs: 2000,
      idleCloseMs: 30_000,
      fondsCode: undefined,
    });
  });

  it('lets flags override the environment and reads the token file', () => {
    const cfg = loadConfig(
      {
        AGENT_SERVER_URL: 'http://10.0.0.9:3000',
        AGENT_TOKEN_FILE: '/etc/env-token',
        AGENT_INBOX: '/env/inbox',
        AGENT_STABLE_MS: '500',
        AGENT_FONDS_CODE: 'P12',
        LOG_LEVEL: 'debug',
      },
      [
        'doctor',
        '--server',
        'https://sohoa.example.vn/',
        '--token-file',
        'tok.txt',
        '--inbox',
        'quet',
        '--outbox',
        '/var/hang-doi',
      ],
      deps({ [join(cwd, 'tok.txt')]: '  secret-token\n' }),
    );
    expect(cfg.command).toBe('doctor');
    expect(cfg.tokenSource).toEqual({ kind: 'file', path: join(cwd, 'tok.txt') });
    expect(cfg.agent).toMatchObject({
      serverUrl: 'https://sohoa.example.vn/',
      token: 'secret-token',
      inboxDir: join(cwd, 'quet'),
      outboxDir: '/var/hang-doi',
      stableMs: 500,
      fondsCode: 'P12',
    });
    expect(cfg.logLevel).toBe('debug');
  });

  it('reports every problem at once, Vietnamese first, without echoing the token', () => {
    const problems = problemsOf(() =>
      loadConfig(
        {
          AGENT_SERVER_URL: 'ftp://server',
          AGENT_TOKEN: 'tok-1',
          AGENT_TOKEN_FILE: '/etc/tok',
          AGENT_STABLE_MS: 'abc',
          AGENT_IDLE_CLOSE_MS: '10',
          LOG_LEVEL: 'loud',
          AGENT_FONDS_CODE: 'Phông UBND',
        },
        ['upload', '--bogus'],
        deps(),
      ),
    );
    const text = problems.join('\n');
    expect(text).toContain('--bogus');
    expect(text).toMatch(/^ {2}AGENT_SERVER_URL: .+ \/ .+/m);
    expect(text).toMatch(/^ {2}AGENT_STABLE_MS: /m);
    expect(text).toMatch(/^ {2}AGENT_IDLE_CLOSE_MS: /m);
    expect(text).toMatch(/^ {2}LOG_LEVEL: /m);
    expect(text).toContain(
      'AGENT_FONDS_CODE: Mã phông: 1–13 chữ, số, . _ - / Fonds code: 1–13 letters, digits, . _ - ("Phông UBND")',
    );
    expect(text).toContain('AGENT_TOKEN, AGENT_TOKEN_FILE: chỉ đặt một trong hai / set only one');
    expect(text).not.toContain('tok-1');
    expect(problems.length).toBeGreaterThanOrEqual(7);
  });

  it('requires a token, and refuses an unreadable or empty token file', () => {
    expect(problemsOf(() => loadConfig({}, [], deps())).join()).toContain(
      'AGENT_TOKEN hoặc AGENT_TOKEN_FILE',
    );
    expect(
      problemsOf(() => loadConfig({ AGENT_TOKEN_FILE: '/nope' }, [], deps())).join(),
    ).toContain('không đọc được /nope (ENOENT)');
    expect(
      problemsOf(() => loadConfig({ AGENT_TOKEN_FILE: '/t' }, [], deps({ '/t': '\n' }))).join(),
    ).toContain('tệp /t rỗng');
    expect(loadConfig({}, ['help'], deps()).command).toBe('help');
  });

  it('refuses an outbox inside the inbox', () => {
    expect(
      problemsOf(() =>
        loadConfig({ AGENT_TOKEN: 't', AGENT_INBOX: '/q', AGENT_OUTBOX: '/q/.outbox' }, [], deps()),
      ).join(),
    ).toContain('không được lồng nhau');
  });

  it('reads a configuration file between the environment and the flags, paths from its folder', () => {
    const file = JSON.stringify({
      server: 'https://sohoa.luutru.vn',
      tokenFile: 'secrets/token',
      inbox: 'D-quet',
      stableMs: 800,
      scanner: { device: 'fujitsu:fi-7160:1', resolution: 400, mode: 'Gray', source: 'ADF Duplex' },
    });
    const files = {
      '/etc/sohoa/agent.json': `\uFEFF${file}`,
      '/etc/sohoa/secrets/token': 'file-token\n',
    };
    const cfg = loadConfig(
      {
        AGENT_CONFIG: '/etc/sohoa/agent.json',
        AGENT_TOKEN: 'env-token',
        AGENT_SERVER_URL: 'http://env:3000',
        AGENT_IDLE_CLOSE_MS: '5000',
      },
      ['scan', '--dossier', 'HS-1', '--resolution', '300', '--inbox', '/flag/inbox'],
      deps(files),
    );
    expect(cfg.configFile).toBe('/etc/sohoa/agent.json');
    // The file's token file wins over the environment's token; the flag over the file's inbox.
    expect(cfg.tokenSource).toEqual({ kind: 'file', path: '/etc/sohoa/secrets/token' });
    expect(cfg.agent).toMatchObject({
      serverUrl: 'https://sohoa.luutru.vn',
      token: 'file-token',
      inboxDir: '/flag/inbox',
      stableMs: 800,
      idleCloseMs: 5000,
    });
    expect(cfg.scan).toMatchObject({
      device: 'fujitsu:fi-7160:1',
      resolution: 300,
      mode: 'Gray',
      source: 'ADF Duplex',
    });
    const viaFlag = loadConfig(
      {},
      ['--config', 'agent.json', 'doctor'],
      deps({
        [join(cwd, 'agent.json')]: JSON.stringify({ tokenFile: 'tok', inbox: 'in' }),
        [join(cwd, 'tok')]: 't',
      }),
    );
    expect(viaFlag.agent.inboxDir).toBe(join(cwd, 'in'));
  });

  it('names every problem of a configuration file: unknown keys, types, bad JSON', () => {
    const text = problemsOf(() =>
      loadConfig(
        { AGENT_TOKEN: 't' },
        ['--config', '/c.json'],
        deps({
          '/c.json': JSON.stringify({ sever: 'x', stableMs: '2000', scanner: { dpi: 300 } }),
        }),
      ),
    ).join('\n');
    expect(text).toContain('khóa không dùng được sever / unknown key sever');
    expect(text).toContain('stableMs: giá trị không hợp lệ');
    expect(text).toContain('scanner: khóa không dùng được dpi');
    expect(
      problemsOf(() =>
        loadConfig({ AGENT_TOKEN: 't' }, ['--config', '/d.json'], deps({ '/d.json': '{' })),
      ).join(),
    ).toContain('không phải JSON hợp lệ');
    expect(
      problemsOf(() =>
        loadConfig({ AGENT_TOKEN: 't', AGENT_CONFIG: '/none.json' }, [], deps()),
      ).join(),
    ).toContain('không đọc được tệp cấu hình /none.json (ENOENT)');
  });

  it('starts the terminal session when a person runs it with no command, watch otherwise', () => {
    const at = (interactive: boolean, argv: string[] = []) =>
      loadConfig({ AGENT_TOKEN: 't' }, argv, { ...deps(), interactive });
    expect(at(false).command).toBe('watch');
    const s = at(true, ['--operator', ' Nguyễn Văn Quét ', '--expected', '12']);
    expect(s.command).toBe('session');
    expect(s.session).toMatchObject({
      dossierCode: undefined,
      operator: 'Nguyễn Văn Quét',
      expected: 12,
      resolution: 300,
      source: 'ADF',
    });
    expect(at(true, ['watch']).command).toBe('watch');
  });
});
