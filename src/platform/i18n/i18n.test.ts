import { describe, expect, it } from 'vitest';
import { testModules as allModules } from '../../../test/modules.js';

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
