import { describe, expect, it } from 'vitest';
import { testModules as allModules } from '../../../test/modules.js';
import { settingsMessageKeys } from '../settings/module-settings.js';
import { createMessageCatalog } from './i18n.js';

describe('message catalogue', () => {
  it('has the same keys in Swedish and English for every module', () => {
    for (const module of allModules) {
      if (!module.messages) continue;
      const sv = Object.keys(module.messages.sv).sort();
      const en = Object.keys(module.messages.en).sort();
      expect(en, module.name).toEqual(sv);
      for (const key of en) expect(module.messages.en[key]?.trim(), `${module.name}: ${key}`).not.toBe('');
    }
  });
});

describe('module settings', () => {
  it('have every label, hint and choice in both languages', () => {
    const catalog = createMessageCatalog(allModules.flatMap((m) => (m.messages ? [m.messages] : [])));
    for (const module of allModules) {
      if (!module.settings) continue;
      for (const key of settingsMessageKeys(module.settings)) {
        expect(catalog.keys('sv'), `${module.name}: ${key}`).toContain(key);
        expect(catalog.keys('en'), `${module.name}: ${key}`).toContain(key);
      }
    }
  });
});
