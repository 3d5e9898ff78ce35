// What one app instance is made of, gathered from the manifests of the features and modules it
// runs. Built once per app (and per test app) by createRegistry; nothing here is process-wide, so
// an app can be built with any module list, the kernel alone included.
import { createGrantTable, type GrantTable } from './auth/roles.js';
import { collectFileOwners, type FileOwners } from './files/file-owners.js';
import { createMessageCatalog, type MessageCatalog } from './i18n/i18n.js';
import type { AssetFolder, HeadLink, ModuleManifest, NavLink, PageLink } from './module.js';
import type { HomeSection } from './views/home-sections.js';
import type { StaffOverviewEntry } from './views/staff-overview.js';
import type { ModuleSettings } from './settings/module-settings.js';

export interface Registry {
  modules: readonly ModuleManifest[];
  messages: MessageCatalog;
  grants: GrantTable;
  publicNav: readonly NavLink[];
  staffNav: readonly NavLink[];
  footerLinks: readonly PageLink[];
  headLinks: readonly HeadLink[];
  /** Stylesheets every page loads, in module order: the kernel's first. */
  stylesheets: readonly string[];
  homeSections: readonly HomeSection[];
  staffOverview: readonly StaffOverviewEntry[];
  fileOwners: FileOwners;
  /** Static folders: each module's client folder at /assets/{module}/. */
  assets: readonly AssetFolder[];
  /** Island name (data-module="…") → script URL. */
  islands: Readonly<Record<string, string>>;
  /** Per-kommun settings each module declares, by module name. */
  settings: ReadonlyMap<string, ModuleSettings>;
  /** Event names the modules declare they emit. */
  events: ReadonlySet<string>;
}

const byOrder = <T extends { order: number }>(list: T[]): T[] => [...list].sort((a, b) => a.order - b.order);

export function createRegistry(modules: readonly ModuleManifest[]): Registry {
  const names = new Set<string>();
  for (const module of modules) {
    if (!/^[a-z][a-z0-9-]*$/.test(module.name)) throw new Error(`Module name ${module.name} must be lower-case letters, digits and dashes`);
    if (names.has(module.name)) throw new Error(`Module ${module.name} is listed twice`);
    names.add(module.name);
  }
  const assets: AssetFolder[] = [];
  const islands: Record<string, string> = {};
  const stylesheets: string[] = [];
  const settings = new Map<string, ModuleSettings>();
  const events = new Set<string>();
  for (const module of modules) {
    if (module.assets) {
      assets.push({ prefix: `/assets/${module.name}/`, dir: module.assets.dir });
      for (const [island, file] of Object.entries(module.assets.islands ?? {})) {
        if (islands[island]) throw new Error(`Island ${island} is registered twice`);
        islands[island] = `/assets/${module.name}/${file}`;
      }
      for (const file of module.assets.stylesheets ?? []) stylesheets.push(`/assets/${module.name}/${file}`);
    }
    if (module.settings) settings.set(module.name, module.settings);
    for (const event of module.events ?? []) {
      if (!event.startsWith(`${module.name}.`)) throw new Error(`Event ${event} of ${module.name} must start with "${module.name}."`);
      events.add(event);
    }
  }
  return {
    modules,
    messages: createMessageCatalog(modules.flatMap((m) => (m.messages ? [m.messages] : []))),
    grants: createGrantTable(modules),
    publicNav: byOrder(modules.flatMap((m) => m.publicNav ?? [])),
    staffNav: byOrder(modules.flatMap((m) => m.staffNav ?? [])),
    footerLinks: byOrder(modules.flatMap((m) => m.footerLinks ?? [])),
    headLinks: modules.flatMap((m) => m.headLinks ?? []),
    stylesheets,
    homeSections: byOrder(modules.flatMap((m) => m.homeSections ?? [])),
    staffOverview: byOrder(modules.flatMap((m) => m.staffOverview ?? [])),
    fileOwners: collectFileOwners(modules),
    assets,
    islands,
    settings,
    events,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The registry of the context this server was built for. */
    registry: Registry;
  }
}
