// The explicit list of what this deployment runs: kernel features first, then modules.
// Removing a module is deleting its folder and its line here.
import type { ModuleManifest } from '../platform/module.js';
import { kernelFeature } from '../platform/kernel.js';
import { authFeature } from '../platform/auth/index.js';
import { placesFeature } from '../platform/places/index.js';
import { newsModule } from '../modules/news/index.js';

export const allModules: readonly ModuleManifest[] = [kernelFeature, authFeature, placesFeature, newsModule];
