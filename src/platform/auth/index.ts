// Authentication and authorisation: staff accounts, sessions, sign-in with optional TOTP,
// password reset, invitations, roles per organisation, personal API tokens for /api/. Residents never need an account.
// Must not know about any module; modules ask `can(actor, permission)` and grant permissions
// to roles in their own manifests.
import { defineModule } from '../module.js';
import { accountMessages } from './account.messages.js';
import { registerAccountRoutes } from './account.routes.js';
import { apiTokenMessages } from './api-token.messages.js';
import { registerApiTokenRoutes } from './api-token.routes.js';
import * as apiTokensTable from './migrations/2026_12_02_0730_auth_api_tokens.js';
import { authMessages } from './auth.messages.js';
import { registerAuthRoutes } from './auth.routes.js';
import { forgetOldFailures } from './sign-in-throttle.js';
import { sealStoredTotpSecrets } from './totp.js';

export { can, canIn, hasRole, requirePermissionIn, organisationsWhere, rolesGranting, type Actor, type RoleHolder } from './actor.js';
export { roles, isRole, rolesByOrganisationKind, roleFitsOrganisation, type Role, type OrganisationKind } from './roles.js';
export { organisationsInScope, organisationIdsInScope, scopeWithin, selectOrganisationIdsInScope, rowScope, isEmptyScope, type RowScope } from './scope.js';
export { createLinkToken } from './account.service.js';
export { publicBaseUrl, linkPaths } from './links.js';
export { mustSetUpTotp, totpSetupPath } from './totp-policy.js';
export { totpSetUpPath } from './account.routes.js';

export const authPermissions = ['people.manage', 'audit.read', 'mail.outbox.read', 'kommun.settings.manage', 'platform.tenants.manage'] as const;

export const authFeature = defineModule({
  name: 'auth',
  migrations: { '2026_12_02_0730_auth_api_tokens': apiTokensTable },
  messages: { sv: { ...authMessages.sv, ...accountMessages.sv, ...apiTokenMessages.sv }, en: { ...authMessages.en, ...accountMessages.en, ...apiTokenMessages.en } },
  permissions: authPermissions,
  grants: {
    administrator: ['people.manage', 'audit.read', 'mail.outbox.read', 'kommun.settings.manage'],
    // A police area's own administrators manage the area's memberships and read its rows; held
    // in a police area these reach that area only (scope.ts), never the kommun's own.
    police_administrator: ['people.manage', 'audit.read', 'mail.outbox.read'],
  },
  jobs: [
    {
      // Runs at start too: TOTP secrets from before sealing are sealed as soon as a new version runs.
      name: 'auth.cleanup',
      everyMs: 10 * 60_000,
      run: async (ctx) => {
        await sealStoredTotpSecrets(ctx);
        await forgetOldFailures(ctx);
      },
    },
  ],
  routes: (app, ctx) => {
    registerAuthRoutes(app, ctx);
    registerAccountRoutes(app, ctx);
    registerApiTokenRoutes(app, ctx);
  },
});
