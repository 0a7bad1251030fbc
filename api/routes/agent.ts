/**
 * Routes for scanning workstations beside the batch routes: the dossier lookup the operator's
 * terminal flow uses to choose the folder in hand (workstation token).
 */
import { createRoute } from '@hono/zod-openapi';
import { auth } from '../auth/auth.js';
import type { AppDeps } from '../context.js';
import {
  AgentDossier,
  AgentDossierList,
  AgentDossierQuery,
  DossierCodeParam,
} from '../contracts.js';
import {
  createRouter,
  error,
  INVALID,
  json,
  UNAUTHORIZED,
  WORKSTATION_SECURITY,
} from '../openapi.js';
import { getAgentDossier, listAgentDossiers } from '../services/agent-dossiers.js';

/** Routes under /api/agent. */
export function agentRoutes(deps: AppDeps) {
  const workstation = auth(deps.db, { accept: ['workstation'] });

  const list = createRoute({
    method: 'get',
    path: '/api/agent/dossiers',
    tags: ['agent'],
    summary: 'Hồ sơ để quét / Dossiers to scan',
    description:
      'Dossiers that still take scans (all but approved), registered ones (from the inventory) ' +
      'first, with the expected page count and the pages already received; `q` filters by part ' +
      'of the code or title.',
    security: WORKSTATION_SECURITY,
    middleware: [workstation] as const,
    request: { query: AgentDossierQuery },
    responses: {
      200: json(AgentDossierList, 'Hồ sơ / Dossiers'),
      ...INVALID,
      ...UNAUTHORIZED,
    },
  });

  const one = createRoute({
    method: 'get',
    path: '/api/agent/dossiers/{code}',
    tags: ['agent'],
    summary: 'Tra một hồ sơ theo mã / Look a dossier up by its code',
    security: WORKSTATION_SECURITY,
    middleware: [workstation] as const,
    request: { params: DossierCodeParam },
    responses: {
      200: json(AgentDossier, 'Hồ sơ / The dossier'),
      ...INVALID,
      ...UNAUTHORIZED,
      404: error('dossier.not_found'),
    },
  });

  return createRouter()
    .openapi(list, async (c) => c.json(await listAgentDossiers(deps.db, c.req.valid('query')), 200))
    .openapi(one, async (c) =>
      c.json(await getAgentDossier(deps.db, c.req.valid('param').code), 200),
    );
}
