/**
 * Accounts on the real database and Redis: signing in and out, the cookie's attributes, CSRF,
 * lockout after failed logins, roles on admin and manager routes, and the admin's user and
 * workstation screens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from './contracts.js';
import type { Session, User, WorkstationWithToken } from './contracts/auth.js';
import { createRunHarness, signIn, type Harness } from './testing/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createRunHarness({ LOGIN_MAX_FAILURES: '3' });
});

afterAll(async () => {
  await h.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  h.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const codeOf = async (res: Response): Promise<string> => ((await res.json()) as ErrorBody).code;

describe('sessions', () => {
  it('signs in with a secure HttpOnly cookie, reads the session, and signs out', async () => {
    const who = await h.login('reviewer', { displayName: 'Nguyễn Thị Hằng' });
    const res = await post('/api/session', { username: who.user.username, password: who.password });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sohoa_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    const body = (await res.json()) as Session;
    expect(body.user).toMatchObject({ role: 'reviewer', displayName: 'Nguyễn Thị Hằng' });

    const read = await h.app.request('/api/session', { headers: { cookie: who.cookie } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as Session).csrfToken).toBe(who.csrfToken);

    // Signing out needs the CSRF token like any other change.
    const noCsrf = await h.app.request('/api/session', {
      method: 'DELETE',
      headers: { cookie: who.cookie },
    });
    expect(noCsrf.status).toBe(403);
    expect(await codeOf(noCsrf)).toBe('auth.csrf');
    const out = await h.app.request('/api/session', { method: 'DELETE', headers: who.headers });
    expect(out.status).toBe(204);
    const after = await h.app.request('/api/dossiers', { headers: { cookie: who.cookie } });
    expect(after.status).toBe(401);
    expect(await codeOf(after)).toBe('auth.invalid');
  });

  it('stores only a scrypt hash of the password and of the session token', async () => {
    const who = await h.login('operator');
    const u = await h.db.user.findUniqueOrThrow({ where: { id: who.user.id } });
    expect(u.passwordHash).toMatch(/^\$scrypt\$ln=\d+,r=8,p=1\$/);
    expect(u.passwordHash).not.toContain(who.password);
    const token = who.cookie.split('=')[1] ?? '';
    const stored = await h.db.userSession.findMany({ where: { userId: who.user.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).not.toBe(token);
    expect(u.lastLoginAt).not.toBeNull();
  });

  it('refuses a wrong password the same way as an unknown name, and locks after 3 failures', async () => {
    const who = await h.login('reviewer');
    const wrong = await post('/api/session', {
      username: who.user.username,
      password: 'sai-mat-khau-1',
    });
    expect(wrong.status).toBe(401);
    const wrongBody = (await wrong.json()) as ErrorBody;
    const unknown = await post('/api/session', {
      username: 'khong-co-ai',
      password: 'sai-mat-khau-1',
    });
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as ErrorBody).message).toBe(wrongBody.message);
    expect(wrongBody.message).toMatch(/^Sai tên đăng nhập hoặc mật khẩu \/ /);

    for (let i = 0; i < 2; i += 1) {
      await post('/api/session', { username: who.user.username, password: `sai-${i}-mat-khau` });
    }
    // Now locked: even the right password is refused until the window passes.
    const locked = await post('/api/session', {
      username: who.user.username,
      password: who.password,
    });
    expect(locked.status).toBe(429);
    expect(await codeOf(locked)).toBe('auth.locked');
  });

  it('refuses a sign-in posted from another site', async () => {
    const who = await h.login('reviewer');
    const res = await post(
      '/api/session',
      { username: who.user.username, password: who.password },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe('auth.origin');
  });

  it('asks for a session on staff routes but not on the probes and the OpenAPI document', async () => {
    expect((await h.app.request('/api/dossiers')).status).toBe(401);
    expect((await h.app.request('/openapi.json')).status).toBe(200);
    expect((await h.app.request('/livez')).status).toBe(200);
    // A workstation token does not open the staff routes.
    const res = await h.app.request('/api/dossiers', { headers: h.auth });
    expect(res.status).toBe(401);
  });
});

describe('roles', () => {
  it('gives reviewers and operators 403 on admin and manager routes; managers read fixity', async () => {
    const reviewer = await h.login('reviewer');
    const operator = await h.login('operator');
    const manager = await h.login('manager');
    for (const who of [reviewer, operator]) {
      for (const path of ['/api/admin/users', '/api/admin/workstations', '/api/fixity']) {
        const res = await h.app.request(path, { headers: who.headers });
        expect(res.status, `${who.user.role} ${path}`).toBe(403);
        const body = (await res.json()) as ErrorBody;
        expect(body.code).toBe('auth.forbidden');
        expect(body.message).toMatch(/^Vai trò .* không được làm việc này \/ /);
      }
    }
    expect((await h.app.request('/api/fixity', { headers: manager.headers })).status).toBe(200);
    expect((await h.app.request('/api/admin/users', { headers: manager.headers })).status).toBe(
      403,
    );
    expect((await h.app.request('/api/dossiers', { headers: operator.headers })).status).toBe(200);
  });
});

describe('admin screens', () => {
  it('creates a user who can sign in, resets the password (ending sessions) and disables them', async () => {
    const admin = await h.login('admin');
    const weak = await post(
      '/api/admin/users',
      { username: 'lan.tran', displayName: 'Trần Thị Lan', role: 'reviewer', password: 'ngắn' },
      admin.headers,
    );
    expect(weak.status).toBe(400);
    expect(await codeOf(weak)).toBe('user.password_weak');

    const created = await post(
      '/api/admin/users',
      {
        username: 'lan.tran',
        displayName: 'Trần Thị Lan',
        role: 'reviewer',
        password: 'hoa sen nở sớm',
      },
      admin.headers,
    );
    expect(created.status).toBe(201);
    const user = (await created.json()) as User;
    const again = await post(
      '/api/admin/users',
      { username: 'LAN.TRAN', displayName: 'x', role: 'operator', password: 'hoa sen nở muộn' },
      admin.headers,
    );
    expect(again.status).toBe(409);

    const lan = await signIn(h.app, 'lan.tran', 'hoa sen nở sớm');
    expect(lan.user.role).toBe('reviewer');
    const patch = (body: unknown) =>
      h.app.request(`/api/admin/users/${user.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...admin.headers },
        body: JSON.stringify(body),
      });
    expect((await patch({ password: 'trăng rằm tháng tám' })).status).toBe(200);
    expect((await h.app.request('/api/dossiers', { headers: lan.headers })).status).toBe(401);
    const lan2 = await signIn(h.app, 'lan.tran', 'trăng rằm tháng tám');
    const disabled = await patch({ active: false });
    expect(((await disabled.json()) as User).active).toBe(false);
    expect((await h.app.request('/api/dossiers', { headers: lan2.headers })).status).toBe(401);
    const refused = await post('/api/session', {
      username: 'lan.tran',
      password: 'trăng rằm tháng tám',
    });
    expect(refused.status).toBe(401);

    const self = await h.app.request(`/api/admin/users/${admin.user.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...admin.headers },
      body: JSON.stringify({ role: 'reviewer' }),
    });
    expect(self.status).toBe(409);
    expect(await codeOf(self)).toBe('user.self_lockout');

    const events = await h.db.auditEvent.findMany({
      where: { entityType: 'user', entityId: user.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.action)).toEqual(['user.create', 'user.update', 'user.update']);
    expect(events[0]?.actorId).toBe(admin.user.id);
    expect(JSON.stringify(events.map((e) => [e.before, e.after]))).not.toContain('trăng rằm');
  });

  it('registers a workstation whose token works once, until a new one is issued or it is disabled', async () => {
    const admin = await h.login('admin');
    const res = await post(
      '/api/admin/workstations',
      { name: `Máy quét ${Date.now()}`, location: 'Kho 1, tầng 2' },
      admin.headers,
    );
    expect(res.status).toBe(201);
    const ws = (await res.json()) as WorkstationWithToken;
    const bearer = { authorization: `Bearer ${ws.token}` };
    const open = () =>
      post('/api/batches', { dossierCode: `HS-${Date.now()}-${Math.random()}` }, bearer);
    expect((await open()).status).toBe(201);

    const rotated = await post(
      `/api/admin/workstations/${ws.workstation.id}/token`,
      {},
      admin.headers,
    );
    const next = (await rotated.json()) as WorkstationWithToken;
    expect(next.token).not.toBe(ws.token);
    expect((await open()).status).toBe(401);
    const nextBearer = { authorization: `Bearer ${next.token}` };
    expect(
      (await post('/api/batches', { dossierCode: `HS-${Date.now()}-b` }, nextBearer)).status,
    ).toBe(201);

    const off = await h.app.request(`/api/admin/workstations/${ws.workstation.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...admin.headers },
      body: JSON.stringify({ active: false }),
    });
    expect(off.status).toBe(200);
    expect(
      (await post('/api/batches', { dossierCode: `HS-${Date.now()}-c` }, nextBearer)).status,
    ).toBe(401);
    const list = await h.app.request('/api/admin/workstations', { headers: admin.headers });
    const names = ((await list.json()) as { items: { name: string; active: boolean }[] }).items;
    expect(names).toContainEqual(
      expect.objectContaining({ name: ws.workstation.name, active: false }),
    );
  });
});
