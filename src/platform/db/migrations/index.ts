import type { Migration } from 'kysely';
import * as platformCore from './2026_11_25_0001_platform_core.js';

const migrations: Record<string, Migration> = {
  '2026_11_25_0001_platform_core': platformCore,
};

export default migrations;
