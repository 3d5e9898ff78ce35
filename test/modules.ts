// Which modules the test apps run. Normally every module of the deployment; with
// SAMTRYGG_TEST_MODULES=kernel the kernel's features alone, so CI can prove that the kernel's own
// tests pass without any module (npm run test:kernel).
import { allModules } from '../src/app/modules.js';
import { kernelFeatures } from '../src/platform/features.js';
import type { ModuleManifest } from '../src/platform/module.js';

export const kernelOnly = process.env.SAMTRYGG_TEST_MODULES === 'kernel';

export const testModules: readonly ModuleManifest[] = kernelOnly ? kernelFeatures : allModules;

/** The kernel's public pages; each module adds its own in its manifest (testing.samplePages). */
const kernelPublicPages = ['/vallentuna/', '/vallentuna/platser', '/vallentuna/tillganglighet', '/logga-in', '/glomt-losenord', '/api'];

/** Every public page of the demo, for sweeps (axe, reflow, keyboard, no JavaScript, both databases). */
export const publicPages: readonly string[] = [
  ...kernelPublicPages,
  ...testModules.flatMap((module) => (module.testing?.samplePages ?? []).filter((page) => !page.staff).map((page) => page.path)),
];

/** Staff pages the modules name, visited signed in as the demo administrator. */
export const staffSamplePages: readonly string[] = testModules.flatMap((module) => (module.testing?.samplePages ?? []).filter((page) => page.staff).map((page) => page.path));

/** A route a test app registered: method, URL pattern, and whether it reads an upload form. */
export interface RecordedRoute {
  method: string;
  url: string;
  upload: boolean;
}

/** Wraps each manifest's routes so that an onRoute hook in its scope records what it registers. */
export function recordingRoutes(modules: readonly ModuleManifest[], routes: RecordedRoute[]): ModuleManifest[] {
  return modules.map((module) => {
    const register = module.routes;
    if (!register) return module;
    return {
      ...module,
      routes: (app, ctx) => {
        app.addHook('onRoute', (route) => {
          for (const method of [route.method].flat()) {
            if (method !== 'HEAD') routes.push({ method, url: route.url, upload: Boolean((route.config as { upload?: unknown } | undefined)?.upload) });
          }
        });
        return register(app, ctx);
      },
    };
  });
}
