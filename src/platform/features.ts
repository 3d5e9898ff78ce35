// The kernel's own features, in the order they mount. Every app runs these; app/modules.ts adds
// the modules after them. An app built from this list alone is the kernel without any module,
// which a CI step builds, typechecks and tests to prove no module is load-bearing.
import type { ModuleManifest } from './module.js';
import { kernelFeature } from './kernel.js';
import { filesFeature } from './files/index.js';
import { authFeature } from './auth/index.js';
import { peopleFeature } from './people/index.js';
import { auditFeature } from './audit/index.js';
import { mailFeature } from './mail/index.js';
import { subscriptionsFeature } from './subscriptions/index.js';
import { tenantsFeature } from './tenants/index.js';
import { placesFeature } from './places/index.js';
import { accessibilityFeature } from './accessibility/index.js';
import { apiFeature } from './api/index.js';

export const kernelFeatures: readonly ModuleManifest[] = [
  kernelFeature,
  filesFeature,
  authFeature,
  peopleFeature,
  auditFeature,
  mailFeature,
  subscriptionsFeature,
  tenantsFeature,
  placesFeature,
  accessibilityFeature,
  apiFeature,
];
