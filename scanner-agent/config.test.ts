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
});
