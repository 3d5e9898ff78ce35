// The explicit list of what this deployment runs: kernel features first, then modules.
// Removing a module is deleting its folder and its line here.
import type { ModuleManifest } from '../platform/module.js';
import { kernelFeature } from '../platform/kernel.js';
import { filesFeature } from '../platform/files/index.js';
import { authFeature } from '../platform/auth/index.js';
import { peopleFeature } from '../platform/people/index.js';
import { auditFeature } from '../platform/audit/index.js';
import { mailFeature } from '../platform/mail/index.js';
import { tenantsFeature } from '../platform/tenants/index.js';
import { placesFeature } from '../platform/places/index.js';
import { accessibilityFeature } from '../platform/accessibility/index.js';
import { apiFeature } from '../platform/api/index.js';
import { newsModule } from '../modules/news/index.js';

export const allModules: readonly ModuleManifest[] = [
  kernelFeature,
  filesFeature,
  authFeature,
  peopleFeature,
  auditFeature,
  mailFeature,
  tenantsFeature,
  placesFeature,
  accessibilityFeature,
  apiFeature,
  newsModule,
];
