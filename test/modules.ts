// Which modules the test apps run. Normally every module of the deployment; with
// SAMTRYGG_TEST_MODULES=kernel the kernel's features alone, so CI can prove that the kernel's own
// tests pass without any module (npm run test:kernel).
import { allModules } from '../src/app/modules.js';
import { kernelFeatures } from '../src/platform/features.js';
import type { ModuleManifest } from '../src/platform/module.js';

export const kernelOnly = process.env.SAMTRYGG_TEST_MODULES === 'kernel';

export const testModules: readonly ModuleManifest[] = kernelOnly ? kernelFeatures : allModules;
