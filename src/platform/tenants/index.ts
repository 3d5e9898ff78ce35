// Tenants: kommuner (the public face), lokalpolisområden (covering one or more kommuner) and
// partner organisations of a kommun; per-kommun settings (theme, logo, contact, languages, TOTP
// per role, accessibility statement facts) and each kommun's boundary (isPointInBoundary,
// locatePointInKommun). Platform administrators add kommuner at /admin/kommuner;
// a kommun's administrators manage its organisations and settings. Must not know about modules.
import { defineModule } from '../module.js';
import * as boundaryMigration from './migrations/2026_12_02_0400_kommun_boundary.js';
import { tenantMessages } from './tenant.messages.js';
import { kommunLogoOwner } from './tenant.files.js';
import { registerTenantRoutes } from './tenant.routes.js';
import { registerModuleSettingsRoutes } from './tenant.module-settings.js';

export { findKommunBoundary, findKommunBySlug, findKommunById, isOrganisationWorkingIn, listKommuner, type Kommun } from './tenant.repository.js';
export { canManageKommun, canManageTenants } from './tenant.policy.js';
export { isPointInBoundary, parseBoundary, type BoundaryGeometry } from './tenant.boundary.js';
export { locatePointInKommun } from './tenant.service.js';
export { moduleSettingsOf, changeModuleSettings } from './tenant.module-settings.js';

export const tenantsFeature = defineModule({
  name: 'tenants',
  migrations: { '2026_12_02_0400_kommun_boundary': boundaryMigration },
  messages: tenantMessages,
  staffNav: [
    { path: 'admin/organisationer', labelKey: 'tenants.staffNavOrganisations', permission: 'kommun.settings.manage', order: 80 },
    { path: 'admin/installningar', labelKey: 'tenants.staffNavSettings', permission: 'kommun.settings.manage', order: 90 },
    { path: 'admin/plattform', labelKey: 'tenants.staffNavPlatform', permission: 'platform.tenants.manage', order: 95 },
  ],
  routes: (app, ctx) => {
    registerTenantRoutes(app, ctx);
    registerModuleSettingsRoutes(app, ctx);
  },
  fileOwners: [kommunLogoOwner],
});
