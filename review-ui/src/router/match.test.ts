import { describe, expect, it } from 'vitest';
import { buildPath, matchPath } from './match.js';
import { pathTo, resolveRoute } from './routes.js';

describe('matchPath', () => {
  it('matches literal paths, ignoring trailing and doubled slashes', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/', '')).toEqual({});
    expect(matchPath('/dossiers/:code', '/dossiers/H49/')).toEqual({ code: 'H49' });
    expect(matchPath('/dossiers/:code', '//dossiers//H49')).toEqual({ code: 'H49' });
  });

  it('decodes parameters', () => {
    expect(matchPath('/dossiers/:code', '/dossiers/H49.64%2F01')).toEqual({ code: 'H49.64/01' });
    expect(matchPath('/dossiers/:code', '/dossiers/H%E1%BB%93%20s%C6%A1')).toEqual({
      code: 'Hồ sơ',
    });
  });

  it('rejects other lengths, other literals and malformed encoding', () => {
    expect(matchPath('/dossiers/:code', '/dossiers')).toBeNull();
    expect(matchPath('/dossiers/:code', '/dossiers/a/b')).toBeNull();
    expect(matchPath('/dossiers/:code', '/documents/a')).toBeNull();
    expect(matchPath('/dossiers/:code', '/dossiers/%E0%A4%A')).toBeNull();
    expect(matchPath('/', '/x')).toBeNull();
  });
});

describe('buildPath', () => {
  it('encodes values so they stay one segment and match back', () => {
    const code = 'H49.64/01 ?#';
    const path = buildPath('/dossiers/:code', { code });
    expect(path).toBe('/dossiers/H49.64%2F01%20%3F%23');
    expect(matchPath('/dossiers/:code', path)).toEqual({ code });
  });

  it('refuses an empty value', () => {
    expect(() => buildPath('/documents/:id', { id: '' })).toThrow(TypeError);
  });
});

describe('routes', () => {
  it('resolves each screen with its parameters', () => {
    expect(resolveRoute('/')).toEqual({ name: 'home', params: {} });
    expect(resolveRoute('/dossiers')).toEqual({ name: 'dossiers', params: {} });
    expect(resolveRoute('/review/H49.64%2F01')).toEqual({
      name: 'review',
      params: { code: 'H49.64/01' },
    });
    expect(resolveRoute('/returns')).toEqual({ name: 'returns', params: {} });
    expect(resolveRoute('/admin/users')).toEqual({ name: 'adminUsers', params: {} });
    expect(resolveRoute('/admin/workstations/')).toEqual({
      name: 'adminWorkstations',
      params: {},
    });
    expect(resolveRoute('/dossiers/H49.64.33.2001.160')).toEqual({
      name: 'dossier',
      params: { code: 'H49.64.33.2001.160' },
    });
    const id = '0b6c1c1e-5d7a-4c59-9f43-1f2a3b4c5d6e';
    expect(resolveRoute(pathTo('document', { id }))).toEqual({ name: 'document', params: { id } });
  });

  it('resolves nothing for unknown paths', () => {
    expect(resolveRoute('/documents')).toBeNull();
    expect(resolveRoute('/admin')).toBeNull();
    expect(resolveRoute('/review')).toBeNull();
    expect(resolveRoute('/api/dossiers')).toBeNull();
    expect(resolveRoute('/dossiers/a/documents')).toBeNull();
  });
});
