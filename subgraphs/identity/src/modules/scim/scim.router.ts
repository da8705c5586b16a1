import express, { NextFunction, Request, Response, Router } from 'express';
import { jsonBody } from '@gatehouse/shared';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { Actor, directoryActor } from '../users/actor';
import { ScimError, scimSchemas } from './scim-error';
import { ScimGroupsService } from './scim-groups.service';
import { ScimUsersService, maxScimPage } from './scim-users.service';

export interface ScimRouterOptions {
  apiKeys: ApiKeysService;
  users: ScimUsersService;
  groups: ScimGroupsService;
  log: (message: string, detail?: unknown) => void;
}

/** The gateway tells the public address of the endpoint, for resources' `location`. */
export const SCIM_BASE_HEADER = 'x-gatehouse-scim-base';

type Handler = (req: Request, actor: Actor, baseUrl: string) => Promise<{ status?: number; body?: unknown }>;

const serviceProviderConfig = {
  schemas: [scimSchemas.serviceProviderConfig],
  documentationUri: 'https://github.com/gatehouse/gatehouse#scim',
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: maxScimPage },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: false },
  authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'A per-organization SCIM token (createScimToken), sent as Authorization: Bearer ghs_…', primary: true }],
  meta: { resourceType: 'ServiceProviderConfig' },
};

const resourceTypes = [
  { schemas: [scimSchemas.resourceType], id: 'User', name: 'User', endpoint: '/Users', schema: scimSchemas.user, meta: { resourceType: 'ResourceType' } },
  { schemas: [scimSchemas.resourceType], id: 'Group', name: 'Group', endpoint: '/Groups', schema: scimSchemas.group, meta: { resourceType: 'ResourceType' } },
];

function send(res: Response, status: number, body?: unknown): void {
  res.status(status).type('application/scim+json');
  if (body === undefined) res.end();
  else res.send(JSON.stringify(body));
}

/**
 * SCIM 2.0 (RFC 7643/7644) for Entra ID and Google Workspace provisioning: Users and Groups,
 * filters, PATCH, errors in SCIM's format. A per-organization bearer token decides the
 * organization; every change goes through identity's services, so their rules and the audit log apply.
 */
export function scimRouter(options: ScimRouterOptions): Router {
  const router = express.Router();
  // The subgraph's gate has read (and checked the signature of) the body; parse those bytes.
  router.use(jsonBody(['application/json', 'application/scim+json']));

  const authenticated = (handler: Handler) => async (req: Request, res: Response) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const key = token ? await options.apiKeys.verify(token, 'SCIM') : null;
    if (!key) return send(res, 401, new ScimError(401, 'A valid SCIM bearer token is required.').body());
    const base = req.headers[SCIM_BASE_HEADER];
    const baseUrl = typeof base === 'string' && /^https?:\/\/[^\s]+$/.test(base) ? base.replace(/\/$/, '') : '/scim/v2';
    const result = await handler(req, directoryActor(key.organizationId, key.keyId), baseUrl);
    send(res, result.status ?? 200, result.body);
  };
  const wrap = (handler: Handler) => (req: Request, res: Response, next: NextFunction) => authenticated(handler)(req, res).catch(next);
  const query = (req: Request) => req.query as Record<string, string | undefined>;
  const id = (req: Request) => String(req.params.id);

  router.get('/ServiceProviderConfig', wrap(async () => ({ body: serviceProviderConfig })));
  router.get('/ResourceTypes', wrap(async () => ({ body: { schemas: [scimSchemas.list], totalResults: resourceTypes.length, Resources: resourceTypes } })));

  router.get('/Users', wrap(async (req, actor, base) => ({ body: await options.users.list(actor.organizationId, query(req), base) })));
  router.post('/Users', wrap(async (req, actor, base) => ({ status: 201, body: await options.users.create(actor, req.body, base) })));
  router.get('/Users/:id', wrap(async (req, actor, base) => ({ body: await options.users.get(actor.organizationId, id(req), base) })));
  router.put('/Users/:id', wrap(async (req, actor, base) => ({ body: await options.users.replace(actor, id(req), req.body, base) })));
  router.patch('/Users/:id', wrap(async (req, actor, base) => ({ body: await options.users.patch(actor, id(req), req.body, base) })));
  router.delete('/Users/:id', wrap(async (req, actor) => (await options.users.remove(actor, id(req)), { status: 204 })));

  router.get('/Groups', wrap(async (req, actor, base) => ({ body: await options.groups.list(actor.organizationId, query(req), base) })));
  router.post('/Groups', wrap(async (req, actor, base) => ({ status: 201, body: await options.groups.create(actor, req.body, base) })));
  router.get('/Groups/:id', wrap(async (req, actor, base) => ({ body: await options.groups.get(actor.organizationId, id(req), base, query(req).excludedAttributes) })));
  router.put('/Groups/:id', wrap(async (req, actor, base) => ({ body: await options.groups.replace(actor, id(req), req.body, base) })));
  router.patch('/Groups/:id', wrap(async (req, actor, base) => ({ body: await options.groups.patch(actor, id(req), req.body, base) })));
  router.delete('/Groups/:id', wrap(async (req, actor) => (await options.groups.remove(actor, id(req)), { status: 204 })));

  router.use((_req: Request, res: Response) => send(res, 404, new ScimError(404, 'No such SCIM endpoint.').body()));
  // Errors in SCIM's format; unexpected ones are logged and masked.
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ScimError) return send(res, error.status, error.body());
    const status = (error as { status?: number; type?: string }).status;
    if (status === 400 || (error as { type?: string }).type === 'entity.parse.failed') return send(res, 400, new ScimError(400, 'The body is not valid JSON.', 'invalidSyntax').body());
    if (status === 413) return send(res, 413, new ScimError(413, 'The body is too large.').body());
    // An unsupported charset or encoding (415), an aborted body: the client's fault, said in SCIM's format.
    if (typeof status === 'number' && status > 400 && status < 500) return send(res, status, new ScimError(status, 'The body could not be read; send UTF-8 JSON.').body());
    options.log('SCIM request failed', error);
    send(res, 500, new ScimError(500, 'Internal server error.').body());
  });
  return router;
}
