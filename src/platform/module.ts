// A module's manifest: everything the app needs to mount it. Deleting a module means deleting
// its folder and its line in app/modules.ts; the kernel's own features use the same shape.
import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { Grants } from './auth/roles.js';
import type { AppContext } from './context.js';
import type { FileOwnerType } from './files/file-owners.js';
import type { Messages } from './i18n/i18n.js';
import type { Job } from './jobs/jobs.js';
import type { HomeSection } from './views/home-sections.js';
import type { StaffOverviewEntry } from './views/staff-overview.js';

export interface NavLink {
  /** Path below the kommun's root, e.g. 'nyheter' → /vallentuna/nyheter */
  path: string;
  labelKey: string;
  /** Staff links show only to people holding this permission in the kommun. */
  permission?: string;
  order: number;
}

export interface DemoSeedContext {
  ctx: AppContext;
  /** Deterministic id for a demo record, so every fresh start produces the same data. */
  demoId(name: string): string;
  kommunId: string;
  policeAreaId: string;
  /** Demo users by role key, e.g. users.coordinator */
  users: Record<string, string>;
  places: Record<string, string>;
  /** A fixed "now" for the demo's relative dates. */
  now: Date;
}

export interface ModuleManifest {
  name: string;
  migrations?: Record<string, Migration>;
  permissions?: readonly string[];
  grants?: Grants;
  messages?: Messages;
  routes?: (app: FastifyInstance, ctx: AppContext) => void | Promise<void>;
  publicNav?: readonly NavLink[];
  staffNav?: readonly NavLink[];
  jobs?: readonly Job[];
  homeSections?: readonly HomeSection[];
  /** Counts of work waiting for staff (drafts, open reports…) on the kommun's staff overview. */
  staffOverview?: readonly StaffOverviewEntry[];
  seedDemo?: (seed: DemoSeedContext) => Promise<void>;
  /** Records of this module that own files, and who may see those files (see files/file-owners.ts). */
  fileOwners?: readonly FileOwnerType[];
  /** Called once at start, to subscribe to other modules' events. */
  listen?: (ctx: AppContext) => void;
}

export function defineModule(manifest: ModuleManifest): ModuleManifest {
  return manifest;
}
