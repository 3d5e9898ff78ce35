import type { Migration } from 'kysely';
import * as platformCore from './2026_11_25_0001_platform_core.js';
import * as tenancyAndSecrets from './2026_12_02_0001_tenancy_and_secrets.js';
import * as signInThrottles from './2026_12_02_0003_sign_in_throttles.js';
import * as authChangeNotifications from './2026_12_02_0600_auth_change_notifications.js';
import * as overviewCountIndexes from './2026_12_02_0610_overview_count_indexes.js';
import * as leanWriteTables from './2026_12_04_0001_lean_write_tables.js';

const migrations: Record<string, Migration> = {
  '2026_11_25_0001_platform_core': platformCore,
  '2026_12_02_0001_tenancy_and_secrets': tenancyAndSecrets,
  '2026_12_02_0003_sign_in_throttles': signInThrottles,
  '2026_12_02_0600_auth_change_notifications': authChangeNotifications,
  '2026_12_02_0610_overview_count_indexes': overviewCountIndexes,
  '2026_12_04_0001_lean_write_tables': leanWriteTables,
};

export default migrations;
