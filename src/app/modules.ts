// The explicit list of what this deployment runs: the kernel's features, then the modules.
// Adding a module is one line here; removing one is deleting its folder and its line.
import type { ModuleManifest } from '../platform/module.js';
import { kernelFeatures } from '../platform/features.js';
import { newsModule } from '../modules/news/index.js';
import { cooperationModule } from '../modules/cooperation/index.js';
import { reportsModule } from '../modules/reports/index.js';

export const allModules: readonly ModuleManifest[] = [...kernelFeatures, newsModule, cooperationModule, reportsModule];
