// A module's manifest: everything the app needs to mount it. Deleting a module means deleting
// its folder and its line in app/modules.ts; the kernel's own features use the same shape.
import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { Actor } from './auth/actor.js';
import type { Grants, Role } from './auth/roles.js';
import type { AppContext } from './context.js';
import type { FileOwnerType } from './files/file-owners.js';
import type { Messages } from './i18n/i18n.js';
import type { Job } from './jobs/jobs.js';
import type { HomeSection } from './views/home-sections.js';
import type { StaffOverviewEntry } from './views/staff-overview.js';
import type { ModuleSettings } from './settings/module-settings.js';

export interface NavLink {
  /** Path below the kommun's root, e.g. 'nyheter' → /vallentuna/nyheter */
  path: string;
  labelKey: string;
  /** Staff links show only to people holding this permission in the kommun. */
  permission?: string;
  order: number;
}

/** A link a module adds to every kommun page's footer and/or reading-aids menu, e.g. lättläst. */
export interface PageLink {
  path: string;
  labelKey: string;
  order: number;
  places: readonly ('footer' | 'aids')[];
  /** The language of the page linked to, when it differs from the page's (lättläst is Swedish). */
  lang?: string;
  /** The easy-read link: a page with its own lättläst version links there instead. */
  easyRead?: boolean;
}

/** A <link> a module adds to every kommun page's <head>, e.g. its Atom feed. */
export interface HeadLink {
  rel: 'alternate';
  type: string;
  /** Path below the kommun's root. */
  path: string;
  titleKey: string;
}

export interface AssetFolder {
  prefix: string;
  dir: string;
}

/** What the test sweeps need to reach a module's pages and fill its forms. */
export interface ModuleTesting {
  /**
   * Pages of the demo kommun every browser sweep visits (axe, keyboard, no JavaScript, narrow
   * screen), as paths; `staff` pages are visited signed in as the demo administrator.
   */
  samplePages?: readonly { path: string; staff?: boolean }[];
  /** The module's form fields and route parameters, with valid values for the fuzzer to start from. */
  fuzzHints?: Readonly<Record<string, readonly string[]>>;
  /**
   * For each role held where it fits (kommun roles in the kommun, police roles in the police
   * area), exactly which of this module's permissions it has; the kernel's policy test checks it.
   */
  policy?: Readonly<Record<Role, readonly string[]>>;
}

/** A page a bench scenario measures, with its targets (see BenchScenario.pages). */
export interface BenchPage {
  name: string;
  path: string;
  /** Measured signed in as this demo account (its e-mail): a staff page. */
  account?: string;
  /** A JSON answer (an API route), not a page: measured beside the bare JSON route only. */
  json?: boolean;
  /** Throughput targets of the app as deployed, under the bench's full load (50 connections). */
  minRps?: number;
  maxP99?: number;
  uncached?: { minRps?: number; maxP99?: number };
  /**
   * A latency target: what one person waits, measured on the app as deployed with only this
   * many connections (an extra row, e.g. "app, 2 connections"). Under the full load a page's p99
   * is mostly queueing (Little's law: 50 connections at 165 req/s wait ~300 ms whatever the page
   * costs), so an issue's "answers within 50 ms" belongs here, not in maxP99. With `minRps`,
   * those connections (flat out) must also reach that throughput: an issue's "p99 ≤ 20 ms at
   * ≥ 1,000 req/s" is one operating point, as many connections as reach 1,000 req/s. (A paced
   * load, autocannon's overallRate, sends each second's requests in one burst: its p99 measured
   * the burst, not the page.)
   */
  latency?: { connections: number; maxP99: number; minRps?: number };
}

/**
 * A form post a bench scenario measures (e.g. sending a report): the form's page is loaded once
 * for its CSRF token and cookie, then each request posts a fresh body. It is measured beside a
 * bare Fastify route that parses the same body and makes one INSERT into the same database.
 */
export interface BenchPost {
  name: string;
  /** What to post, from the form's page (`get` answers its HTML and cookies, anonymous). */
  form(get: (path: string) => Promise<{ html: string; cookie: string }>): Promise<{ path: string; body: (n: number) => string }>;
  /** The status a post that was accepted gets (303 after a form). */
  status: number;
  minRps?: number;
  maxP99?: number;
  /** As a page's: the app as deployed again with these few connections, for what one sender waits. */
  latency?: { connections: number; minRps?: number; maxP99: number };
}

/** A module's load scenario for `npm run bench`: it seeds volume, then names the pages to measure. */
export interface BenchScenario {
  name: string;
  /** What the seed adds, for the bench's first line, e.g. "1,000 published news items". */
  volume: string;
  /** Adds the volume to the demo kommun, acting as its coordinator. */
  seed?(ctx: AppContext, kommunId: string, coordinator: Actor): Promise<void>;
  /**
   * Pages to measure, found on the running app through `get` (a path's HTML, anonymous).
   * minRps/maxP99 hold the app as deployed (page cache on); `uncached` holds the app with the
   * page cache off, where an issue sets its figures for a page built from the database; `latency`
   * holds the app as deployed under light load, where an issue sets a time one person waits.
   */
  pages(get: (path: string) => Promise<string>): Promise<readonly BenchPage[]>;
  /** Form posts to measure (each request from a different address, through X-Forwarded-For). */
  posts?: readonly BenchPost[];
}

/** What each module's demo seeding returned, by module; read with `demo.of(module)`. */
export interface DemoResults {
  of<T>(module: ModuleManifest<T>): T;
}

export interface DemoSeedContext extends DemoResults {
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

export interface ModuleManifest<DemoIds = unknown> {
  /** Lower-case; also the folder of its assets (/assets/{name}/) and the key of its settings. */
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
  /** Adds the module's part of the demo and returns the ids other modules' demos may use. */
  seedDemo?: (seed: DemoSeedContext) => Promise<DemoIds>;
  /** Per-kommun settings, shown on the kommun's settings page and stored under the module's name. */
  settings?: ModuleSettings;
  /** Browser files: served at /assets/{name}/ from `dir`; islands by data-module name. */
  assets?: { dir: string; islands?: Readonly<Record<string, string>>; stylesheets?: readonly string[] };
  /** Events the module emits (`module.noun_past_verb`); others subscribe to them in `listen`. */
  events?: readonly string[];
  footerLinks?: readonly PageLink[];
  headLinks?: readonly HeadLink[];
  testing?: ModuleTesting;
  bench?: readonly BenchScenario[];
  /** Records of this module that own files, and who may see those files (see files/file-owners.ts). */
  fileOwners?: readonly FileOwnerType[];
  /** Called once at start, to subscribe to other modules' events. */
  listen?: (ctx: AppContext) => void;
}

export function defineModule<DemoIds = void>(manifest: ModuleManifest<DemoIds>): ModuleManifest<DemoIds> {
  return manifest;
}
